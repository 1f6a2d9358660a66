package io.nearline.recall.cluster;

import io.nearline.recall.job.StateExpiry;
import io.nearline.recall.job.rules.RulesBroadcast;
import io.nearline.recall.job.user.RecentBehaviours;
import io.nearline.recall.job.user.UserSequenceFunction;
import io.nearline.recall.job.user.UserState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.api.OperatorIdentifier;
import org.apache.flink.state.api.SavepointReader;
import org.apache.flink.state.api.functions.KeyedStateReaderFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;

/**
 * Reads every user's behaviour sequence out of a savepoint of the job, with Flink's State Processor API (a batch job
 * on a local environment in this JVM): the state itself, as the restored job would hold it, not a figure the job
 * reports about it. A savepoint is in Flink's canonical format, so the heap backend reads what RocksDB wrote.
 */
final class UserStateReader {

    /** One user's sequence: the event ids it holds, oldest first, and the behaviours it has accepted. */
    record UserSequence(List<String> eventIds, long behavioursSeen) {}

    /** What a user with state but no sequence (a profile only) is read as, and then left out. */
    private static final long NO_SEQUENCE = -1;

    private UserStateReader() {}

    static Map<String, UserSequence> read(String savepointPath) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
        SavepointReader savepoint = SavepointReader.read(env, savepointPath, new HashMapStateBackend());
        Map<String, UserSequence> users = new HashMap<>();
        try (CloseableIterator<Tuple3<String, Long, String>> rows = savepoint.readKeyedState(
                OperatorIdentifier.forUid("user-sequence"), new SequenceReader(), Types.STRING,
                TypeInformation.of(new org.apache.flink.api.common.typeinfo.TypeHint<Tuple3<String, Long, String>>() {}))
                .executeAndCollect()) {
            while (rows.hasNext()) {
                Tuple3<String, Long, String> row = rows.next();
                if (row.f1 == NO_SEQUENCE) {
                    continue;
                }
                users.put(row.f0, new UserSequence(row.f2.isEmpty() ? List.of() : List.of(row.f2.split("\n")), row.f1));
            }
        }
        return users;
    }

    /** The rules text in the broadcast state of the user operator (what every instance had in force). */
    static String rulesInForce(String savepointPath) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
        SavepointReader savepoint = SavepointReader.read(env, savepointPath, new HashMapStateBackend());
        try (CloseableIterator<org.apache.flink.api.java.tuple.Tuple2<String, String>> rows = savepoint
                .readBroadcastState(OperatorIdentifier.forUid("user-sequence"), RulesBroadcast.STATE.getName(),
                        Types.STRING, Types.STRING).executeAndCollect()) {
            while (rows.hasNext()) {
                var row = rows.next();
                if (row.f0.equals(RulesBroadcast.KEY)) {
                    return row.f1;
                }
            }
        }
        throw new AssertionError("no rules in the broadcast state of " + savepointPath);
    }

    /** Emits (user, behaviours seen, event ids joined by newlines) for every user; without a sequence, seen is -1. */
    private static final class SequenceReader extends KeyedStateReaderFunction<String, Tuple3<String, Long, String>> {
        private transient ValueState<UserState> userState;

        @Override
        public void open(OpenContext context) {
            // the job's own descriptor, with the job's default expiry: the TTL wrapper is part of the stored value
            userState = getRuntimeContext().getState(UserSequenceFunction.userDescriptor(
                    StateExpiry.from(new Configuration()).config()));
        }

        @Override
        public void readKey(String user, Context context, Collector<Tuple3<String, Long, String>> out) throws Exception {
            UserState state = userState.value();
            RecentBehaviours behaviours = state == null ? null : state.recent;
            // one row for every key, even without a sequence: the reader's input format takes a key that emits
            // nothing for a null record, which its serializer then fails on
            out.collect(behaviours == null ? Tuple3.of(user, NO_SEQUENCE, "")
                    : Tuple3.of(user, behaviours.behavioursSeen, String.join("\n", behaviours.ids())));
        }
    }
}
