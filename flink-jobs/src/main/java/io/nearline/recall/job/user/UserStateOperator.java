package io.nearline.recall.job.user;

import io.nearline.recall.job.ControlUpdate;
import io.nearline.recall.job.input.UserSignal;
import java.util.List;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;

/**
 * The user operator: Flink's keyed-broadcast operator around {@link UserSequenceFunction}, with the function's user
 * cache ({@code state.user-cache.max-users}) where the state backend serialises its values, and the older layouts
 * of a user's state looked up only where the restored state holds some. The cache's changed users
 * are written to the backend before the operator's state is snapshotted, so every checkpoint and savepoint holds
 * them, and when the input ends.
 */
public final class UserStateOperator
        extends CoBroadcastWithKeyedOperator<String, UserSignal, ControlUpdate, RecallRequest> {

    private static final long serialVersionUID = 1L;

    private final int cacheMaxUsers;

    public UserStateOperator(UserSequenceFunction function, List<MapStateDescriptor<?, ?>> broadcastStates,
                             int cacheMaxUsers) {
        super(function, broadcastStates);
        if (cacheMaxUsers < 0) {
            throw new IllegalArgumentException("state.user-cache.max-users must be 0 (off) or more, not " + cacheMaxUsers);
        }
        this.cacheMaxUsers = cacheMaxUsers;
    }

    /** The function this operator was built around (the constructor takes no other). */
    private UserSequenceFunction function() {
        return (UserSequenceFunction) getUserFunction();
    }

    @Override
    public void open() throws Exception {
        super.open();
        function().checkOlderLayouts(getKeyedStateBackend());
        // the heap backend keeps objects: a cache would only hold them twice
        if (cacheMaxUsers > 0 && !(getKeyedStateBackend() instanceof HeapKeyedStateBackend)) {
            function().cacheUsers(cacheMaxUsers, this);
        }
    }

    /** Whether a new user is looked up in the older layouts of the user's state (only if a restore brought some). */
    boolean takesOverOlderLayouts() {
        return function().takesOverOlderLayouts();
    }

    /** Whether the user cache is in use (not on the heap backend, nor when turned off). */
    boolean cachesUsers() {
        return function().cachesUsers();
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        function().flushCache();
        super.snapshotState(context);
    }

    @Override
    public void finish() throws Exception {
        function().flushCache();
        super.finish();
    }
}
