package io.nearline.recall.job.quality;

import io.nearline.recall.avro.RecallResult;
import io.nearline.recall.avro.RecalledObject;
import io.nearline.recall.tiering.TieringOptions;
import java.util.ArrayList;
import java.util.List;

/** The newest recall of a user, waiting for the behaviour that judges it. A Flink POJO. */
public class PendingRecall {
    public List<String> objectIds = new ArrayList<>();
    public long reflectsEventTime;
    /** The experiment arm the recall was made in. */
    public String arm = TieringOptions.DEFAULT_ARM;

    public PendingRecall() {}

    static PendingRecall of(RecallResult recall, long reflects) {
        PendingRecall pending = new PendingRecall();
        for (RecalledObject object : recall.getObjects()) {
            pending.objectIds.add(object.getObjectId());
        }
        pending.reflectsEventTime = reflects;
        pending.arm = recall.getArm();
        return pending;
    }
}
