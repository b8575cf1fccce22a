package io.atrack.benchmarks.clients;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS context every benchmark client uses for an {@code https://localhost:PORT} collector: it
 * trusts only the collector's self-signed certificate, read from the PEM file named by {@code
 * -Dcollector.cert=PATH} (the {@code DelayCollector} writes it), as a user would trust a corporate
 * CA. Host names are still verified (the certificate names localhost and 127.0.0.1).
 */
public final class CollectorTrust {
  private static SSLContext context;

  private CollectorTrust() {}

  /** The context, built once; fails when {@code -Dcollector.cert} is missing or unreadable. */
  public static synchronized SSLContext context() {
    if (context == null) {
      String path = System.getProperty("collector.cert");
      if (path == null) {
        throw new IllegalStateException(
            "an https collector needs -Dcollector.cert=PATH (the PEM DelayCollector wrote)");
      }
      try (InputStream in = Files.newInputStream(Path.of(path))) {
        Certificate cert = CertificateFactory.getInstance("X.509").generateCertificate(in);
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("collector", cert);
        TrustManagerFactory tmf =
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        context = tls;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("cannot trust " + path, e);
      }
    }
    return context;
  }
}
