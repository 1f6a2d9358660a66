package io.nearline.recall.job.trace;

import java.util.HashMap;
import java.util.Map;

/**
 * What a traced recall request carries along the job until its {@code RecallTrace} is made: the facts known
 * upstream (why it fired, the prompt, the behaviours in it) and when each stage ended. Only traced requests
 * have one; an untraced request carries null. A Flink POJO.
 */
public class RequestTrace {

    public String requestId;
    public String userId;
    public String tier = "";
    /** The experiment arm of the request. */
    public String arm = "";
    public int priority;
    public String triggerReason = "";
    public double arpu = -1;
    public String rulesVersion = "";
    public String promptVersion = "";
    public long eventTime;
    public String tracedBecause;
    /** Processing time at which the trigger fired. */
    public long tracedAt;
    /** How long rendering the prompt took, microseconds. */
    public long renderMicros;
    /** The prompt, cut to {@code trace.max-prompt-chars}. */
    public String prompt = "";
    public int promptChars;
    public int frozenPrefixChars;
    public Map<String, String> profile = new HashMap<>();
    /** The behaviours in the prompt, oldest first: object, action, domain, time, count and category, index by index. */
    public String[] behaviourObjects = new String[0];
    public String[] behaviourActions = new String[0];
    public String[] behaviourDomains = new String[0];
    public long[] behaviourTimes = new long[0];
    public int[] behaviourCounts = new int[0];
    public String[] behaviourCategories = new String[0];
    /** Processing time at which the GPU budget admitted the request (0 before). */
    public long admittedAt;
    /** Processing times at which the inference call was sent and answered (0 before). */
    public long inferenceSentAt;
    public long inferenceAnsweredAt;

    public RequestTrace() {}
}
