package io.nearline.recall.job;

import io.nearline.recall.job.input.RawInput;

/**
 * One element of the job's broadcast input, which every parallel instance of the operators that join it
 * receives: a trigger-rules update (the YAML text) or a record of the marketing-objects topic. Exactly
 * one of the two is set. A Flink POJO.
 */
public class ControlUpdate {

    /** The rules text of a rules update, else null. */
    public String rules;
    /** The catalogue topic's record, as read, else null. */
    public RawInput catalogue;

    public ControlUpdate() {}

    public static ControlUpdate rules(String yaml) {
        ControlUpdate update = new ControlUpdate();
        update.rules = yaml;
        return update;
    }

    public static ControlUpdate catalogue(RawInput record) {
        ControlUpdate update = new ControlUpdate();
        update.catalogue = record;
        return update;
    }
}
