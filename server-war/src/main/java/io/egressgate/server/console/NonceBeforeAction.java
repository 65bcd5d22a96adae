package io.egressgate.server.console;

import jakarta.faces.context.FacesContext;
import jakarta.faces.event.PhaseEvent;
import jakarta.faces.event.PhaseId;
import jakarta.faces.event.PhaseListener;
import org.primefaces.context.PrimeFacesContext;
import org.primefaces.csp.CspException;

/**
 * PrimeFaces compares a postback's {@code primefaces.nonce} with the one its page was rendered
 * with only when it renders the answer, after the action has run, and then fails with a 500. This
 * asks PrimeFaces' own check as soon as the view is restored, so a postback without the right
 * nonce (a hand-made or replayed form) changes nothing and gets the stale-view page, like a post
 * without its view state.
 */
public class NonceBeforeAction implements PhaseListener {

    private static final long serialVersionUID = 1L;

    @Override
    public PhaseId getPhaseId() {
        return PhaseId.RESTORE_VIEW;
    }

    @Override
    public void afterPhase(PhaseEvent event) {
        FacesContext faces = event.getFacesContext();
        if (!faces.isPostback() || faces.getViewRoot() == null || faces.getResponseComplete()) {
            return;
        }
        try {
            PrimeFacesContext.getCspState(faces).getNonce();
        } catch (CspException e) {
            RefusedRequests.toFreshCopy(faces, faces.getViewRoot().getViewId(), "a postback without its page's nonce");
        }
    }
}
