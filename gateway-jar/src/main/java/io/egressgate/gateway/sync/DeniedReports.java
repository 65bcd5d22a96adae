package io.egressgate.gateway.sync;

import io.egressgate.protocol.Denied;

/**
 * The denied-connection frames waiting for the server. A frame handed out by {@link #next} stays
 * waiting until the link says it was sent ({@link #delivered}) or could not be ({@link #returned}).
 */
public interface DeniedReports {

    DeniedReports NONE = new DeniedReports() {
        @Override
        public Denied next() {
            return null;
        }

        @Override
        public void delivered(Denied frame) {
        }

        @Override
        public void returned(Denied frame) {
        }
    };

    /** The next frame, or null when nothing waits. */
    Denied next();

    void delivered(Denied frame);

    void returned(Denied frame);
}
