package io.nearline.recall.job.trace;

import io.nearline.recall.avro.Domain;
import io.nearline.recall.job.user.RecallRequest;
import io.nearline.recall.prompt.BehaviourEntry;
import io.nearline.recall.prompt.Prompt;
import io.nearline.recall.prompt.PromptState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Starts the trace of a request that fired: what the trigger operator knows of it. */
public final class TraceStart {

    /** Behaviours a trace keeps, the newest. */
    public static final int MAX_BEHAVIOURS = 50;

    private TraceStart() {}

    /** The trace of {@code request} (its prompt version set), whose prompt {@code prompt} rendered from {@code state}. */
    public static RequestTrace of(RecallRequest request, String because, long now, long renderMicros, PromptState state,
                                  Prompt prompt, int maxPromptChars) {
        RequestTrace trace = new RequestTrace();
        trace.requestId = request.requestId;
        trace.userId = request.userId;
        trace.tier = request.tier;
        trace.arm = request.arm;
        trace.priority = request.priority;
        trace.triggerReason = request.triggerReason == null ? "" : request.triggerReason;
        trace.arpu = request.arpu;
        trace.rulesVersion = request.rulesVersion == null ? "" : request.rulesVersion;
        trace.promptVersion = request.promptVersion == null ? "" : request.promptVersion;
        trace.eventTime = request.eventTime;
        trace.tracedBecause = because;
        trace.tracedAt = now;
        trace.renderMicros = renderMicros;
        String text = prompt.text();
        trace.promptChars = text.length();
        trace.prompt = text.length() <= maxPromptChars ? text : text.substring(0, maxPromptChars);
        trace.frozenPrefixChars = prompt.prefixChars();
        trace.profile.putAll(request.profileAttributes);
        List<Shown> shown = new ArrayList<>();
        for (Domain domain : Domain.values()) {
            state.frozen(domain).forEach(entry -> shown.add(new Shown(entry, domain)));
            state.recent(domain).forEach(entry -> shown.add(new Shown(entry, domain)));
        }
        shown.sort(Comparator.comparingLong(s -> s.entry.lastTime));
        List<Shown> kept = shown.subList(Math.max(0, shown.size() - MAX_BEHAVIOURS), shown.size());
        int n = kept.size();
        trace.behaviourObjects = new String[n];
        trace.behaviourActions = new String[n];
        trace.behaviourDomains = new String[n];
        trace.behaviourTimes = new long[n];
        trace.behaviourCounts = new int[n];
        trace.behaviourCategories = new String[n];
        for (int i = 0; i < n; i++) {
            BehaviourEntry entry = kept.get(i).entry;
            trace.behaviourObjects[i] = entry.objectId;
            trace.behaviourActions[i] = entry.showsConversion() ? "CONVERSION" : String.valueOf(entry.action);
            trace.behaviourDomains[i] = kept.get(i).domain.name();
            trace.behaviourTimes[i] = entry.lastTime;
            trace.behaviourCounts[i] = entry.count;
            trace.behaviourCategories[i] = entry.category == null ? "" : entry.category;
        }
        return trace;
    }

    private record Shown(BehaviourEntry entry, Domain domain) {}
}
