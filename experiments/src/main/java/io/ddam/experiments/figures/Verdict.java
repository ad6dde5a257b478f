package io.ddam.experiments.figures;

/** Whether a run shows one of the paper's findings ({@link Finding}). */
public enum Verdict {
    /** The run shows the finding by the stated criterion. */
    SHOWN,
    /** The run shows part of the finding, or shows it weakly. */
    PARTLY,
    /** The run does not show the finding. */
    NOT_SHOWN;

    /**
     * The label used in summaries.
     *
     * @return {@code shown}, {@code partly} or {@code not shown}
     */
    public String label() {
        return switch (this) {
            case SHOWN -> "shown";
            case PARTLY -> "partly";
            case NOT_SHOWN -> "not shown";
        };
    }
}
