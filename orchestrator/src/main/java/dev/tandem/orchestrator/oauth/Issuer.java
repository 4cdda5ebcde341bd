package dev.tandem.orchestrator.oauth;

import java.net.URI;
import java.net.URISyntaxException;

/** The issuer identifier's rules (RFC 8414 §2): an http(s) URL without query or fragment, kept without a trailing slash. */
final class Issuer {
    private Issuer() {
    }

    static String requireValid(String issuer) {
        try {
            URI uri = new URI(issuer);
            if (uri.getScheme() == null || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))
                    || uri.getHost() == null || uri.getQuery() != null || uri.getFragment() != null) {
                throw new IllegalArgumentException(OAuthConfig.ISSUER + " is \"" + issuer
                        + "\": expected an http or https URL without query or fragment (RFC 8414 §2)");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(OAuthConfig.ISSUER + " is \"" + issuer + "\": not a URL (" + e.getReason() + ")");
        }
        return issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    }
}
