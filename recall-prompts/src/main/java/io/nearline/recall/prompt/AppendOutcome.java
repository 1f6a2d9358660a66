package io.nearline.recall.prompt;

/** What cleaning did with one behaviour appended to a prompt state. */
public enum AppendOutcome {
    /** Shown as a new behaviour at the end of its domain's recent part. */
    NEW_ENTRY,
    /** Counted into the previous behaviour's run of similar objects. */
    RUN_EXTENDED,
    /** A repeat of the same action on the same object within the repeat window: collapsed. */
    MERGED_REPEAT,
    /** A conversion merged with the click it is attributed to. */
    MERGED_CONVERSION,
    /** An impression, not shown (prompt.clean.include-impressions=false). */
    IGNORED_IMPRESSION;

    /** Whether this behaviour is a new engagement (a training response when it is an ad click or conversion). */
    public boolean isNewBehaviour() {
        return this == NEW_ENTRY || this == RUN_EXTENDED;
    }
}
