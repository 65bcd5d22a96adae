package io.egressgate.server.console;

import io.egressgate.server.security.ConsoleSession;
import jakarta.faces.context.FacesContext;
import jakarta.faces.event.PhaseEvent;
import jakarta.faces.event.PhaseId;
import jakarta.faces.event.PhaseListener;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Marks a console session as used whenever a request is something the person did. The pages'
 * live refresh (every component with id "live") does not count, so an open page left alone still
 * signs out after the idle timeout.
 */
public class Activity implements PhaseListener {

    private static final long serialVersionUID = 1L;
    static final String LIVE_ID = "live";

    @Override
    public PhaseId getPhaseId() {
        return PhaseId.RESTORE_VIEW;
    }

    @Override
    public void afterPhase(PhaseEvent event) {
        FacesContext faces = event.getFacesContext();
        if (!(faces.getExternalContext().getRequest() instanceof HttpServletRequest request)) {
            return;
        }
        ConsoleSession session = ConsoleSession.of(request);
        if (session != null && !isLiveRefresh(faces)) {
            session.activity(System.currentTimeMillis());
        }
    }

    static boolean isLiveRefresh(FacesContext faces) {
        String source = faces.getExternalContext().getRequestParameterMap().get("jakarta.faces.source");
        return source != null && (source.equals(LIVE_ID) || source.endsWith(":" + LIVE_ID));
    }
}
