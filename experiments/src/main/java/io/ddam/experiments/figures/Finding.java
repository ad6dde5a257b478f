package io.ddam.experiments.figures;

/**
 * The verdict on one of the paper's findings for one run of {@code reproduce}.
 *
 * @param figure     the figure id the finding belongs to (e.g. {@code fig3}, or {@code fig3-5} for one drawn from several)
 * @param claim      the paper's claim, in words (with the fair-time reading when it matters)
 * @param verdict    whether this run shows it
 * @param evidence   one or two sentences with the numbers the verdict rests on and the criterion used
 */
public record Finding(String figure, String claim, Verdict verdict, String evidence) {}
