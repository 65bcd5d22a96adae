package io.egressgate.server.api;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses oversized bodies: at once when Content-Length says so, and while reading when the body
 * comes chunked, so a large body is never buffered whole.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public class BodyLimitFilter implements ContainerRequestFilter {

    @Inject
    @ConfigProperty(name = "egressgate.max_body_bytes", defaultValue = "65536")
    long maxBodyBytes;

    /**
     * A batch of entries may be larger: 10,000 values of up to 300 characters, quoted and separated,
     * are 3.1 MB. Matched by path, before any resource, as every other limit here.
     */
    static final long BATCH_BODY_BYTES = 4L * 1024 * 1024;
    private static final String BATCH_PATH = "entries/batch";

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        long limit = BATCH_PATH.equals(path.startsWith("/") ? path.substring(1) : path)
                ? Math.max(maxBodyBytes, BATCH_BODY_BYTES) : maxBodyBytes;
        if (request.getLength() > limit) {
            // The unread body stays on the connection: close it rather than parse the rest as a request.
            request.abortWith(jakarta.ws.rs.core.Response.fromResponse(new BodyTooLargeException(limit).toResponse())
                    .header("Connection", "close").build());
            return;
        }
        request.setEntityStream(new LimitedStream(request.getEntityStream(), limit));
    }

    private static final class LimitedStream extends FilterInputStream {
        private final long limit;
        private long read;

        LimitedStream(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws BodyTooLargeException {
            read += n;
            if (read > limit) {
                throw new BodyTooLargeException(limit);
            }
        }
    }
}
