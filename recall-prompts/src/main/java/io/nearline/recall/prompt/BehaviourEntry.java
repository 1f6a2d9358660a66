package io.nearline.recall.prompt;

import io.nearline.recall.avro.Action;
import java.util.HashMap;
import java.util.Map;

/**
 * One cleaned behaviour as the prompt shows it: a representative object, what was done, and how many raw
 * behaviours it stands for. A Flink POJO (public fields, no-arg constructor), part of {@link PromptState}.
 */
public class BehaviourEntry {

    /** The representative object: the first object of a run, so a growing run keeps its text stable but the count. */
    public String objectId;

    /** Rendered semantic ID of {@link #objectId}, or null when the lookup had none (rendered by the fallback). */
    public String semanticId;

    public Action action;

    /** Event time of the representative's first behaviour; windows are measured from it. */
    public long firstTime;

    /** Event time of the newest raw behaviour folded into this entry. */
    public long lastTime;

    /** Behaviours this entry shows (run compression); rendered as a count when above 1. */
    public int count = 1;

    /** Repeats collapsed into this entry (not rendered; kept for diagnostics). */
    public int repeats;

    /** A conversion attributed to this click was merged in. */
    public boolean converted;

    /** Highest eCPM seen on the behaviours folded in, or null. */
    public Double ecpm;

    /** Raw category value, or null; run key and interest summary. */
    public String category;

    /** Raw values of the configured behaviour features, rendered through the dictionaries. */
    public Map<String, String> features = new HashMap<>();

    public BehaviourEntry() {
    }

    /** Whether the prompt marks this entry as a conversion. */
    public boolean showsConversion() {
        return converted || action == Action.CONVERSION;
    }
}
