package io.ddam.solver.steiner;

import java.util.Arrays;

/**
 * An indexed binary min-heap of ints keyed by doubles with decrease-key, for the Dijkstra searches of
 * the reductions and the dynamic program: allocation-free once built (a PriorityQueue of boxed
 * entries would allocate per relaxation).
 */
final class MinHeap {
    private final int[] heap;
    private final int[] pos;   // position in heap, -1 if absent
    private final double[] key;
    private int size;

    MinHeap(int capacity) {
        heap = new int[capacity];
        pos = new int[capacity];
        key = new double[capacity];
        Arrays.fill(pos, -1);
    }

    boolean isEmpty() { return size == 0; }

    int size() { return size; }

    double key(int x) { return key[x]; }

    boolean contains(int x) { return pos[x] >= 0; }

    /** Inserts x with key k, or lowers its key to k if it is present with a larger one. */
    void push(int x, double k) {
        if (pos[x] >= 0) {
            if (k < key[x]) { key[x] = k; up(pos[x]); }
            return;
        }
        key[x] = k;
        heap[size] = x;
        pos[x] = size;
        up(size++);
    }

    /** The element with the smallest key (the heap must not be empty). */
    int top() { return heap[0]; }

    int pop() {
        int top = heap[0];
        pos[top] = -1;
        if (--size > 0) {
            heap[0] = heap[size];
            pos[heap[0]] = 0;
            down(0);
        }
        return top;
    }

    void clear() {
        for (int i = 0; i < size; i++) pos[heap[i]] = -1;
        size = 0;
    }

    private void up(int i) {
        int x = heap[i];
        double k = key[x];
        while (i > 0) {
            int p = (i - 1) >>> 1;
            if (key[heap[p]] <= k) break;
            heap[i] = heap[p];
            pos[heap[i]] = i;
            i = p;
        }
        heap[i] = x;
        pos[x] = i;
    }

    private void down(int i) {
        int x = heap[i];
        double k = key[x];
        while (true) {
            int c = 2 * i + 1;
            if (c >= size) break;
            if (c + 1 < size && key[heap[c + 1]] < key[heap[c]]) c++;
            if (key[heap[c]] >= k) break;
            heap[i] = heap[c];
            pos[heap[i]] = i;
            i = c;
        }
        heap[i] = x;
        pos[x] = i;
    }
}
