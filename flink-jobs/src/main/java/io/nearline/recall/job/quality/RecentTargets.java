package io.nearline.recall.job.quality;

import java.util.ArrayList;
import java.util.List;

/** A user's latest ad clicks and conversions, oldest first. A Flink POJO. */
public class RecentTargets {
    public List<String> objectIds = new ArrayList<>();
    public List<Long> times = new ArrayList<>();

    public RecentTargets() {}

    void add(String objectId, long time, int keep) {
        int position = times.size();
        while (position > 0 && times.get(position - 1) > time) {
            position--;
        }
        objectIds.add(position, objectId);
        times.add(position, time);
        while (times.size() > keep) {
            objectIds.remove(0);
            times.remove(0);
        }
    }

    /** The object of the first target after {@code time}, or null. */
    String firstAfter(long time) {
        for (int i = 0; i < times.size(); i++) {
            if (times.get(i) > time) {
                return objectIds.get(i);
            }
        }
        return null;
    }
}
