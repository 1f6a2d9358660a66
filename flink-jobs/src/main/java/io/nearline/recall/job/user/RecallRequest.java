package io.nearline.recall.job.user;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A user worth a GPU call now: what the inference needs to recall for them. A Flink POJO. */
public class RecallRequest {

    /** Unique per user and triggering behaviour, so a replayed request is recognisable. */
    public String requestId;
    public String userId;
    /** The user's behaviour sequence, oldest first. */
    public List<SequenceEntry> behaviours = new ArrayList<>();
    public Map<String, String> profileAttributes = new HashMap<>();
    /** ARPU from the latest profile, or -1 when unknown. */
    public double arpu = -1;
    /** Event time of the newest behaviour the request reflects. */
    public long eventTime;
    /** Behaviours accepted for this user since its state was created. */
    public long behavioursSeen;
    public int priority;
    public String triggerReason;
    public String rulesVersion;

    public RecallRequest() {}
}
