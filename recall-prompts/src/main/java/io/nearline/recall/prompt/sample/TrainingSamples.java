package io.nearline.recall.prompt.sample;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.nearline.recall.avro.Action;
import io.nearline.recall.avro.BehaviourEvent;
import io.nearline.recall.avro.Domain;
import io.nearline.recall.avro.UserProfileUpdate;
import io.nearline.recall.behaviour.BehaviourLog;
import io.nearline.recall.prompt.AppendOutcome;
import io.nearline.recall.prompt.IncrementalPromptBuilder;
import io.nearline.recall.prompt.Prompt;
import io.nearline.recall.prompt.PromptOptions;
import io.nearline.recall.prompt.PromptState;
import io.nearline.recall.prompt.SemanticIdLookup;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Writes SFT and DPO records (JSONL) from a behaviour log by replaying it through the serving
 * {@link IncrementalPromptBuilder}: a sample's prompt is exactly what serving would have sent just before the
 * response. A response is a new ad click or conversion (after cleaning); an active user's last
 * {@code sample.last-n} responses each make a sample, another user's last one does. Two passes over the log: the
 * first counts responses per user, so the second writes as it goes in bounded memory.
 */
public final class TrainingSamples {

    /** What was written. */
    public record Summary(long users, long activeUsers, long sft, long dpo, long responsesWithoutId,
            double meanPromptTokens) {
    }

    private record Response(String objectId, Double ecpm) {
    }

    private static final class UserResponses {
        int count;
        final ArrayDeque<Response> last = new ArrayDeque<>();
    }

    private final IncrementalPromptBuilder builder;
    private final SemanticIdLookup semanticIds;
    private final PromptOptions options;
    private final ObjectMapper json = new ObjectMapper();

    public TrainingSamples(IncrementalPromptBuilder builder, SemanticIdLookup semanticIds) {
        this.builder = builder;
        this.semanticIds = semanticIds;
        this.options = builder.options();
    }

    /** A response: a new (not merged) ad click or conversion. */
    public static boolean isResponse(BehaviourEvent event, AppendOutcome outcome) {
        return event.getDomain() == Domain.AD && outcome.isNewBehaviour()
                && (event.getAction() == Action.CLICK || event.getAction() == Action.CONVERSION);
    }

    public Summary write(BehaviourLog log, Writer out) throws IOException {
        Map<String, UserResponses> responses = countResponses(log);
        Map<String, PromptState> states = startStates(log);
        Map<String, Integer> seen = new HashMap<>();
        long sft = 0;
        long dpo = 0;
        long withoutId = 0;
        long tokens = 0;
        for (Iterator<BehaviourEvent> it = log.events(); it.hasNext(); ) {
            BehaviourEvent event = it.next();
            PromptState state = states.computeIfAbsent(event.getUserId(), PromptState::forUser);
            Prompt before = builder.render(state);
            if (!isResponse(event, builder.append(state, event))) {
                continue;
            }
            UserResponses user = responses.get(event.getUserId());
            int index = seen.merge(event.getUserId(), 1, Integer::sum) - 1;
            int firstSampled = user.count - (user.count >= options.sampleActiveMinResponses ? options.sampleLastN : 1);
            if (index < firstSampled) {
                continue;
            }
            String response = semanticIds.render(event.getObjectId()).orElse(null);
            if (response == null) {
                withoutId++;
                continue;
            }
            line(out, new SftRecord("sft", log.name(), event.getUserId(), event.getEventId(),
                    event.getEventTime().toEpochMilli(), before.text(), response, event.getObjectId(),
                    event.getAction().name(), before.tokens(), before.promptVersion(), before.dictionaryVersion(),
                    before.semanticIdVersion()));
            sft++;
            tokens += before.tokens();
            DpoRecord pair = pair(log.name(), event, before, future(user, index));
            if (pair != null) {
                line(out, pair);
                dpo++;
            }
        }
        long active = responses.values().stream().filter(u -> u.count >= options.sampleActiveMinResponses).count();
        return new Summary(responses.size(), active, sft, dpo, withoutId, sft == 0 ? 0 : (double) tokens / sft);
    }

    /** Responses from {@code index} on that pass one kept (the user's last ones). */
    private static List<Response> future(UserResponses user, int index) {
        List<Response> last = new ArrayList<>(user.last);
        int firstKept = user.count - last.size();
        return last.subList(Math.max(0, index - firstKept), last.size());
    }

    /** Highest against lowest eCPM among the engaged objects from this response on, if far enough apart. */
    private DpoRecord pair(String source, BehaviourEvent event, Prompt prompt, List<Response> candidates) {
        Response high = null;
        Response low = null;
        for (Response r : candidates) {
            if (r.ecpm() == null) {
                continue;
            }
            high = high == null || r.ecpm() > high.ecpm() ? r : high;
            low = low == null || r.ecpm() < low.ecpm() ? r : low;
        }
        if (high == null || high.objectId().equals(low.objectId())
                || high.ecpm() < low.ecpm() * options.sampleDpoMinEcpmRatio) {
            return null;
        }
        String chosen = semanticIds.render(high.objectId()).orElse(null);
        String rejected = semanticIds.render(low.objectId()).orElse(null);
        if (chosen == null || rejected == null || chosen.equals(rejected)) {
            return null;
        }
        return new DpoRecord("dpo", source, event.getUserId(), event.getEventId(), prompt.text(), chosen, rejected,
                high.objectId(), low.objectId(), high.ecpm(), low.ecpm(), prompt.tokens(), prompt.promptVersion(),
                prompt.dictionaryVersion(), prompt.semanticIdVersion());
    }

    private Map<String, UserResponses> countResponses(BehaviourLog log) {
        Map<String, PromptState> states = startStates(log);
        Map<String, UserResponses> responses = new HashMap<>();
        int keep = Math.max(1, options.sampleLastN);
        for (Iterator<BehaviourEvent> it = log.events(); it.hasNext(); ) {
            BehaviourEvent event = it.next();
            PromptState state = states.computeIfAbsent(event.getUserId(), PromptState::forUser);
            if (isResponse(event, builder.append(state, event))) {
                UserResponses user = responses.computeIfAbsent(event.getUserId(), u -> new UserResponses());
                user.count++;
                user.last.addLast(new Response(event.getObjectId(), event.getEcpm()));
                if (user.last.size() > keep) {
                    user.last.removeFirst();
                }
            }
        }
        return responses;
    }

    /** Every user starts from their profile, as the serving job does once it has read the profile topic. */
    private Map<String, PromptState> startStates(BehaviourLog log) {
        Map<String, PromptState> states = new HashMap<>();
        for (UserProfileUpdate profile : log.profiles()) {
            PromptState state = states.computeIfAbsent(profile.getUserId(), PromptState::forUser);
            builder.updateProfile(state, profile.getAttributes());
        }
        return states;
    }

    private void line(Writer out, Object record) throws IOException {
        out.write(json.writeValueAsString(record));
        out.write('\n');
    }
}
