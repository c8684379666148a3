package io.tachyon.web.internal;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterPattern;

import java.io.IOException;

/**
 * Answers only requests addressed to this machine by a loopback name while the viewer listens on loopback, so a
 * web page elsewhere cannot read captures by pointing its own domain name at 127.0.0.1 (DNS rebinding). Through an
 * SSH tunnel the browser still says {@code localhost}.
 */
@Component(service = Filter.class)
@HttpWhiteboardFilterPattern("/*")
public final class HostFilter implements Filter {

    private final HttpServerBinding binding;

    @Activate
    public HostFilter(@Reference(name = "binding") HttpServerBinding binding) {
        this.binding = binding;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String host = ((HttpServletRequest) request).getServerName();
        if (!HostNames.allowed(binding.host(), host)) {
            ((HttpServletResponse) response).sendError(HttpServletResponse.SC_FORBIDDEN,
                    "the viewer answers requests to a loopback address only");
            return;
        }
        chain.doFilter(request, response);
    }
}
