package io.egressgate.server.console;

import jakarta.enterprise.context.SessionScoped;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The console's language: the person's explicit choice (remembered in a cookie across sign-outs),
 * else the best match for the browser's Accept-Language, else English.
 */
@Named
@SessionScoped
public class Language implements Serializable {

    private static final long serialVersionUID = 1L;
    static final String COOKIE = "egressgate_lang";
    static final List<Locale> SUPPORTED = List.of(Locale.ENGLISH, Locale.CHINESE);

    private Locale locale;

    public Locale getLocale() {
        if (locale == null) {
            locale = initial(FacesContext.getCurrentInstance());
        }
        return locale;
    }

    public String getTag() {
        return getLocale().getLanguage();
    }

    public List<Locale> getSupported() {
        return SUPPORTED;
    }

    /** Switches and reloads the page, so everything on it, titles included, is in the new language. */
    public String use(String tag) {
        FacesContext faces = FacesContext.getCurrentInstance();
        locale = supported(tag).orElse(Locale.ENGLISH);
        faces.getViewRoot().setLocale(locale);
        faces.getExternalContext().addResponseCookie(COOKIE, locale.getLanguage(), Map.of(
                "maxAge", 365 * 24 * 3600, "path", "/", "httpOnly", Boolean.TRUE, "SameSite", "Lax"));
        return faces.getViewRoot().getViewId() + "?faces-redirect=true&includeViewParams=true";
    }

    private static Locale initial(FacesContext faces) {
        ExternalContext external = faces.getExternalContext();
        Object cookie = external.getRequestCookieMap().get(COOKIE);
        if (cookie instanceof jakarta.servlet.http.Cookie c) {
            var chosen = supported(c.getValue());
            if (chosen.isPresent()) {
                return chosen.get();
            }
        }
        var preferred = external.getRequestLocales();
        while (preferred.hasNext()) {
            var match = supported(preferred.next().getLanguage());
            if (match.isPresent()) {
                return match.get();
            }
        }
        return Locale.ENGLISH;
    }

    private static java.util.Optional<Locale> supported(String tag) {
        return SUPPORTED.stream().filter(l -> l.getLanguage().equalsIgnoreCase(String.valueOf(tag))).findFirst();
    }
}
