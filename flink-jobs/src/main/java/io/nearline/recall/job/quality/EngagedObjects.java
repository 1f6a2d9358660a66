package io.nearline.recall.job.quality;

import java.util.ArrayList;
import java.util.List;

/**
 * The objects a user has clicked or converted on, newest last, so that a first engagement can be told from a
 * repeat. Bounded: past {@link #KEPT} objects the oldest are forgotten (a first engagement with a long-forgotten
 * object counts as new again). A Flink POJO.
 */
public class EngagedObjects {

    static final int KEPT = 500;

    public List<String> objectIds = new ArrayList<>();

    public EngagedObjects() {}

    /** Adds the object; true when it was not among the kept ones. */
    boolean add(String objectId) {
        int at = objectIds.indexOf(objectId);
        if (at >= 0) {
            objectIds.remove(at);
            objectIds.add(objectId);
            return false;
        }
        objectIds.add(objectId);
        if (objectIds.size() > KEPT) {
            objectIds.remove(0);
        }
        return true;
    }
}
