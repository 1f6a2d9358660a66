package io.nearline.recall.job;

import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.configuration.Configuration;

/**
 * How every keyed state of a user expires: {@code state.user-ttl} after its last write, never read once
 * expired, and on the heap backend removed by Flink's incremental cleanup, which looks at
 * {@code state.ttl-cleanup-keys-per-access} users on every access to a state (RocksDB removes expired
 * state when it compacts).
 */
public final class StateExpiry implements Serializable {

    private static final long serialVersionUID = 1L;

    private final Duration ttl;
    private final int cleanupKeysPerAccess;

    private StateExpiry(Duration ttl, int cleanupKeysPerAccess) {
        if (cleanupKeysPerAccess < 1) {
            throw new IllegalArgumentException(JobOptions.STATE_TTL_CLEANUP_KEYS.key() + " must be at least 1, not "
                    + cleanupKeysPerAccess);
        }
        this.ttl = ttl;
        this.cleanupKeysPerAccess = cleanupKeysPerAccess;
    }

    /** {@code ttl} with the default incremental cleanup. */
    public static StateExpiry of(Duration ttl) {
        return new StateExpiry(ttl, JobOptions.STATE_TTL_CLEANUP_KEYS.defaultValue());
    }

    public static StateExpiry of(Duration ttl, int cleanupKeysPerAccess) {
        return new StateExpiry(ttl, cleanupKeysPerAccess);
    }

    public static StateExpiry from(Configuration config) {
        return new StateExpiry(config.get(JobOptions.USER_STATE_TTL), config.get(JobOptions.STATE_TTL_CLEANUP_KEYS));
    }

    public Duration ttl() {
        return ttl;
    }

    public StateTtlConfig config() {
        return StateTtlConfig.newBuilder(ttl)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .cleanupIncrementally(cleanupKeysPerAccess, false)
                .build();
    }
}
