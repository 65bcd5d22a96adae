package io.egressgate.server.console;

import io.egressgate.failures.Causes;
import jakarta.faces.FacesException;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.application.ViewExpiredException;
import jakarta.faces.context.ExceptionHandler;
import jakarta.faces.context.ExceptionHandlerFactory;
import jakarta.faces.context.ExceptionHandlerWrapper;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.faces.event.ExceptionQueuedEvent;
import jakarta.enterprise.inject.spi.CDI;
import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Two kinds of request the console refuses, answered in a way people understand:
 * <ul>
 * <li>A form posted without a view state this session issued (a forged cross-site post, or a page
 * left open past a restart or sign-out): nothing of it runs, and the browser is sent to a fresh
 * copy of the page, which says that nothing was saved. View states are secure random ids kept on
 * the server, so another site cannot forge one.</li>
 * <li>A change attempted by a viewer (only possible with a hand-made request, since the pages do
 * not offer it): refused with status 403 and a message.</li>
 * </ul>
 */
public class RefusedRequests extends ExceptionHandlerFactory {

    private static final Logger LOG = Logger.getLogger(RefusedRequests.class.getName());

    public RefusedRequests(ExceptionHandlerFactory wrapped) {
        super(wrapped);
    }

    @Override
    public ExceptionHandler getExceptionHandler() {
        return new Handler(getWrapped().getExceptionHandler());
    }

    /** Sends the browser to a fresh copy of the page, which says that nothing was saved. */
    static void toFreshCopy(FacesContext faces, String viewId, String what) {
        if (faces.getResponseComplete()) {
            return; // a post without view state also fails the nonce check: one answer is enough
        }
        ExternalContext external = faces.getExternalContext();
        LOG.fine(() -> "refused " + what + " for " + viewId);
        String target = viewId == null || !viewId.startsWith("/console/") ? "/login.xhtml" : viewId;
        try {
            external.redirect(external.getRequestContextPath() + target + "?stale=true");
        } catch (IOException e) {
            throw new FacesException(e);
        }
        faces.responseComplete();
    }

    private static final class Handler extends ExceptionHandlerWrapper {

        Handler(ExceptionHandler wrapped) {
            super(wrapped);
        }

        @Override
        public void handle() {
            Iterator<ExceptionQueuedEvent> events = getUnhandledExceptionQueuedEvents().iterator();
            while (events.hasNext()) {
                Throwable failure = events.next().getContext().getException();
                Optional<ViewExpiredException> expired = Causes.find(failure, ViewExpiredException.class);
                if (expired.isPresent()) {
                    events.remove();
                    refuseStale(expired.get());
                } else if (Causes.find(failure, Access.NotAllowed.class).isPresent()) {
                    events.remove();
                    refuseViewer();
                }
            }
            getWrapped().handle();
        }

        private static void refuseStale(ViewExpiredException expired) {
            toFreshCopy(FacesContext.getCurrentInstance(), expired.getViewId(), "a post with an unknown view state");
        }

        private static void refuseViewer() {
            FacesContext faces = FacesContext.getCurrentInstance();
            if (!faces.getPartialViewContext().isAjaxRequest()) {
                // An Ajax answer stays 200 so the page can show the message; nothing was changed either way.
                faces.getExternalContext().setResponseStatus(403);
            }
            String text = CDI.current().select(Texts.class).get().text("access.viewerOnly");
            faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_ERROR, text, null));
            faces.validationFailed();
        }
    }
}
