package io.nearline.recall.cluster;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Every user's sequence in the job's state against the behaviours the broker acknowledged for that user: the state
 * has accepted exactly as many as were sent (none lost, none counted twice), holds only ids that were sent, as many
 * as the bounded sequence keeps, and ends with the user's newest behaviour.
 */
record UserStateCheck(int usersSent, int usersInState, long behavioursSent, long behavioursInState, long lost,
                      long doubled, List<String> problems) {

    static UserStateCheck of(AcknowledgedBehaviours sent, Map<String, UserStateReader.UserSequence> state,
                             int maxSequenceLength) {
        List<String> problems = new ArrayList<>();
        long inState = 0;
        long lost = 0;
        long doubled = 0;
        int usersInState = 0;
        for (var user : sent.byUser().entrySet()) {
            Map<String, Long> behaviours = user.getValue();
            UserStateReader.UserSequence sequence = state.get(user.getKey());
            long seen = sequence == null ? 0 : sequence.behavioursSeen();
            if (sequence != null) {
                usersInState++;
            }
            inState += seen;
            lost += Math.max(0, behaviours.size() - seen);
            doubled += Math.max(0, seen - behaviours.size());
            if (seen != behaviours.size()) {
                problems.add(user.getKey() + ": " + behaviours.size() + " sent, " + seen + " in state");
                continue;
            }
            List<String> ids = sequence.eventIds();
            if (ids.size() != Math.min(maxSequenceLength, behaviours.size()) || !behaviours.keySet().containsAll(ids)) {
                problems.add(user.getKey() + ": state holds " + ids + " of " + behaviours.keySet());
            } else if (!behaviours.get(ids.get(ids.size() - 1)).equals(Collections.max(behaviours.values()))) {
                problems.add(user.getKey() + ": the newest in state, " + ids.get(ids.size() - 1) + ", is not the newest sent");
            }
        }
        for (var user : state.entrySet()) {
            if (!sent.byUser().containsKey(user.getKey()) && user.getValue().behavioursSeen() > 0) {
                problems.add(user.getKey() + ": " + user.getValue().behavioursSeen() + " in state, none sent");
                doubled += user.getValue().behavioursSeen();
            }
        }
        return new UserStateCheck(sent.byUser().size(), usersInState, sent.total(), inState, lost, doubled,
                List.copyOf(problems.subList(0, Math.min(20, problems.size()))));
    }
}
