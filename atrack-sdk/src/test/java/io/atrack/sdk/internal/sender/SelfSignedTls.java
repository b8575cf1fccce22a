package io.atrack.sdk.internal.sender;

import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS contexts around the committed self-signed test certificate for DNS name {@code localhost}
 * only (see {@code src/test/resources/sender/README.md}). Forking {@code keytool} per run would
 * cost a JVM start.
 */
final class SelfSignedTls {

  private static final String KEYSTORE = "/sender/localhost.p12";
  private static final char[] PASSWORD = "changeit".toCharArray();

  /** Serves the certificate. */
  final SSLContext server;

  /** Trusts only that certificate. */
  final SSLContext client;

  private SelfSignedTls(SSLContext server, SSLContext client) {
    this.server = server;
    this.client = client;
  }

  static SelfSignedTls load() throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in =
        Objects.requireNonNull(SelfSignedTls.class.getResourceAsStream(KEYSTORE), KEYSTORE)) {
      store.load(in, PASSWORD);
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, PASSWORD);
    SSLContext server = SSLContext.getInstance("TLS");
    server.init(keys.getKeyManagers(), null, null);

    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext client = SSLContext.getInstance("TLS");
    client.init(null, trust.getTrustManagers(), null);
    return new SelfSignedTls(server, client);
  }
}
