package io.egressgate.server.gateways;

import jakarta.websocket.Session;
import java.lang.reflect.Field;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * Where Tyrus schedules a gateway session's idle timer. Tyrus re-arms that timer on every inbound
 * frame (every ack and pong), as a task on the container's scheduler; in Payara that is the managed
 * scheduler, which captures each task's context with a ServiceLoader lookup over the web app's class
 * loader — a walk of Payara Micro's ~300 nested runtime jars, about 2 ms of CPU per frame, and with
 * 1,000 acking gateways seconds per delta. Gateway sessions have no idle timeout (the hub pings), so
 * the task does nothing: here it runs on one plain thread instead, with no context to capture.
 * <p>
 * Tyrus has no setting for it: the session's private {@code service} field is replaced. Should a
 * Tyrus version lack the field, the session keeps the managed scheduler (slower, still correct).
 */
final class IdleTimerScheduler implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(IdleTimerScheduler.class.getName());
    private static final String FIELD = "service";

    private final ScheduledThreadPoolExecutor plain;
    private final AtomicBoolean warned = new AtomicBoolean();

    IdleTimerScheduler() {
        plain = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "egressgate-ws-idle-timers");
            thread.setDaemon(true);
            thread.setContextClassLoader(ClassLoader.getPlatformClassLoader());
            return thread;
        });
        // every frame cancels the previous timer: without this the queue would hold every one of them
        plain.setRemoveOnCancelPolicy(true);
    }

    /** Moves {@code session}'s idle timer to the plain thread; false if this Tyrus has no such field. */
    boolean adopt(Session session) {
        Field field = serviceField(session.getClass());
        if (field == null) {
            if (warned.compareAndSet(false, true)) {
                LOG.warning(() -> session.getClass().getName() + " has no ScheduledExecutorService field '" + FIELD
                        + "': every inbound frame keeps paying the managed scheduler's context capture");
            }
            return false;
        }
        try {
            field.set(session, plain);
            return true;
        } catch (IllegalAccessException | RuntimeException e) {
            if (warned.compareAndSet(false, true)) {
                LOG.warning(() -> "cannot give WebSocket sessions a plain idle-timer scheduler: " + e);
            }
            return false;
        }
    }

    private static Field serviceField(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                Field field = c.getDeclaredField(FIELD);
                if (field.getType() != ScheduledExecutorService.class) {
                    return null;
                }
                field.setAccessible(true);
                return field;
            } catch (NoSuchFieldException e) {
                // try the superclass
            } catch (RuntimeException e) {
                return null; // not accessible in this runtime
            }
        }
        return null;
    }

    @Override
    public void close() {
        plain.shutdownNow();
    }
}
