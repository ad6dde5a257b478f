package io.ddam.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** {@link InOrder#map}: results by task index and the lowest failing index's error, for any thread count. */
class InOrderTest {

    @Test
    void resultsComeInTaskOrder() {
        for (int threads : new int[] {1, 2, 5}) {
            List<Integer> out = InOrder.map(40, i -> {
                if (i % 7 == 0) Thread.onSpinWait(); // uneven tasks
                return i * i;
            }, threads, "test");
            assertEquals(40, out.size());
            for (int i = 0; i < 40; i++) assertEquals(i * i, out.get(i));
        }
        assertEquals(List.of(), InOrder.map(0, i -> i, 3, "test"));
    }

    @Test
    void theLowestFailingTaskDecidesTheError() throws Exception {
        for (int threads : new int[] {1, 3}) {
            CountDownLatch laterFailed = new CountDownLatch(1);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InOrder.map(6, i -> {
                if (i == 4) {
                    laterFailed.countDown();
                    throw new IllegalArgumentException("task 4");
                }
                if (i == 1) {
                    try { // with several threads, task 4 fails first in time
                        laterFailed.await(threads > 1 ? 5 : 0, TimeUnit.SECONDS);
                    } catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                    }
                    throw new IllegalArgumentException("task 1");
                }
                return i;
            }, threads, "test"));
            assertEquals("task 1", e.getMessage());
        }
    }
}
