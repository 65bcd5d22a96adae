package io.egressgate.server.console;

import io.egressgate.server.security.ConsoleAuthentication;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** The server's root URL opens the console (the sign-in page first, when needed). */
@WebServlet(urlPatterns = "")
public class ConsoleEntrance extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.sendRedirect(request.getContextPath() + ConsoleAuthentication.HOME_PAGE);
    }
}
