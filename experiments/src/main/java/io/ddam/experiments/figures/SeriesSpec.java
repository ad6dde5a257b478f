package io.ddam.experiments.figures;

import io.ddam.online.protocol.FairTime;

/**
 * One series of a figure: which runs it is read from and what it measures.
 *
 * @param name      the series name in CSV, legend and summary (the first word is the protocol, which fixes the colour)
 * @param protocol  the protocol of the runs ({@code ogd}, {@code cdogd}, {@code local}, {@code ddam-star}, {@code ddam-st})
 * @param fairTime  the fair-time rule of the runs
 * @param quantity  what is measured
 * @param window    Ω for the windowed quantities (0 = Ω = T)
 * @param dashed    drawn dashed (runs with the fair-time rule off, or a reference)
 * @param plotted   drawn in the PNG (otherwise only in the CSV)
 */
public record SeriesSpec(String name, String protocol, FairTime fairTime, Quantity quantity, int window, boolean dashed,
                         boolean plotted) {}
