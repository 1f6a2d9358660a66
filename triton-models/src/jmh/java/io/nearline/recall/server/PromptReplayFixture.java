package io.nearline.recall.server;

import io.nearline.recall.avro.BehaviourEvent;
import io.nearline.recall.avro.MarketingObject;
import io.nearline.recall.avro.UserProfileUpdate;
import io.nearline.recall.behaviour.BehaviourLog;
import io.nearline.recall.behaviour.BehaviourLogOptions;
import io.nearline.recall.behaviour.BehaviourLogs;
import io.nearline.recall.prompt.AppendOutcome;
import io.nearline.recall.prompt.IncrementalPromptBuilder;
import io.nearline.recall.prompt.PromptMetrics;
import io.nearline.recall.prompt.PromptOptions;
import io.nearline.recall.prompt.PromptState;
import io.nearline.recall.prompt.TextDictionary;
import io.nearline.recall.prompt.sample.CatalogueCategories;
import io.nearline.recall.prompt.sample.StandInSemanticIds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Prompts as the serving job sends them, in event order: the behaviour generator (20 users) replayed through recall-prompts'
 * IncrementalPromptBuilder (default options and template, stand-in semantic IDs), one prompt per behaviour that
 * changed it; and the trie of every catalogue object's ID.
 */
record PromptReplayFixture(List<String> prompts, CodeTrie trie) {

    /** The {@code count} prompts after the first {@code skip}, so users have histories and frozen blocks. */
    static PromptReplayFixture generate(int skip, int count) {
        BehaviourLog log = BehaviourLogs.open(BehaviourLogs.GENERATOR,
                BehaviourLogOptions.defaults().withUsers(20).withObjects(2000).withEvents(30_000));
        PromptMetrics metrics = new PromptMetrics();
        StandInSemanticIds ids = StandInSemanticIds.fromCatalogue(log.catalogue());
        IncrementalPromptBuilder builder = IncrementalPromptBuilder
                .create(PromptOptions.defaults(), TextDictionary.fromClasspath(metrics), ids, metrics)
                .withCategories(new CatalogueCategories(log.catalogue()));
        Map<String, PromptState> states = new HashMap<>();
        for (UserProfileUpdate p : log.profiles()) {
            builder.updateProfile(states.computeIfAbsent(p.getUserId(), PromptState::forUser), p.getAttributes());
        }
        List<String> prompts = new ArrayList<>();
        int seen = 0;
        for (Iterator<BehaviourEvent> it = log.events(); it.hasNext() && prompts.size() < count; ) {
            BehaviourEvent e = it.next();
            PromptState state = states.computeIfAbsent(e.getUserId(), PromptState::forUser);
            AppendOutcome outcome = builder.append(state, e);
            if (outcome == AppendOutcome.IGNORED_IMPRESSION || outcome == AppendOutcome.MERGED_REPEAT) {
                continue;
            }
            if (seen++ >= skip) {
                prompts.add(builder.render(state).text());
            }
        }
        Set<String> rendered = new LinkedHashSet<>();
        for (MarketingObject o : log.catalogue()) {
            ids.render(o.getObjectId()).ifPresent(rendered::add);
        }
        List<int[]> catalogue = new ArrayList<>();
        rendered.forEach(id -> catalogue.addAll(SemanticIdTokens.findAll(id)));
        return new PromptReplayFixture(List.copyOf(prompts), CodeTrie.of(catalogue));
    }
}
