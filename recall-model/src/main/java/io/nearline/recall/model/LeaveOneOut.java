package io.nearline.recall.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The leave-one-out protocol of TIGER, SASRec and ICLRec: per user, the last item is the test target, the
 * second-to-last the validation target, the rest is training. Test histories include the validation item (it
 * happened before), but nothing is trained on either target. Users with fewer than three items only train.
 */
public record LeaveOneOut(List<List<String>> training, List<Case> validation, List<Case> test) {

    /** One prediction to make: the user's items before the target, oldest first. */
    public record Case(String userId, List<String> history, String target) {}

    public static LeaveOneOut of(Map<String, List<String>> sequences) {
        List<List<String>> training = new ArrayList<>(sequences.size());
        List<Case> validation = new ArrayList<>();
        List<Case> test = new ArrayList<>();
        for (Map.Entry<String, List<String>> user : sequences.entrySet()) {
            List<String> items = user.getValue();
            int n = items.size();
            if (n < 3) {
                training.add(List.copyOf(items));
                continue;
            }
            training.add(List.copyOf(items.subList(0, n - 2)));
            validation.add(new Case(user.getKey(), List.copyOf(items.subList(0, n - 2)), items.get(n - 2)));
            test.add(new Case(user.getKey(), List.copyOf(items.subList(0, n - 1)), items.get(n - 1)));
        }
        return new LeaveOneOut(List.copyOf(training), List.copyOf(validation), List.copyOf(test));
    }
}
