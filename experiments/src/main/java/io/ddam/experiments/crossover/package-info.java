/**
 * The crossover analysis of {@code ddam crossover}: where DDAM-TOGD's time-average regret falls below
 * C-DOGD's against link time (T*), for one run or over a map of ρ and interest patterns run as cells on
 * the sweep engine.
 */
package io.ddam.experiments.crossover;
