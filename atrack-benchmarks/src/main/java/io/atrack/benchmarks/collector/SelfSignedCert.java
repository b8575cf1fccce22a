package io.atrack.benchmarks.collector;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A throw-away server certificate for the TLS collector: an EC P-256 key pair made by the JDK's
 * {@code keytool} in a temporary folder (deleted at once), self-signed for {@code dns:localhost}
 * and {@code ip:127.0.0.1} and valid for two days. Clients trust it from the PEM file it writes.
 */
final class SelfSignedCert {
  private static final char[] PASSWORD = "bench-only".toCharArray();

  final SSLContext serverContext;
  final Path pem;

  private SelfSignedCert(SSLContext serverContext, Path pem) {
    this.serverContext = serverContext;
    this.pem = pem;
  }

  /** Generates the key and certificate; writes the certificate as PEM to {@code pem}. */
  static SelfSignedCert create(Path pem) throws IOException, GeneralSecurityException {
    Path dir = Files.createTempDirectory("atrack-collector-tls");
    Path store = dir.resolve("collector.p12");
    try {
      String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
      Process p =
          new ProcessBuilder(
                  List.of(
                      keytool,
                      "-genkeypair",
                      "-alias",
                      "collector",
                      "-keyalg",
                      "EC",
                      "-groupname",
                      "secp256r1",
                      "-sigalg",
                      "SHA256withECDSA",
                      "-dname",
                      "CN=localhost",
                      "-ext",
                      "SAN=dns:localhost,ip:127.0.0.1",
                      "-validity",
                      "2",
                      "-storetype",
                      "PKCS12",
                      "-keystore",
                      store.toString(),
                      "-storepass",
                      new String(PASSWORD),
                      "-keypass",
                      new String(PASSWORD)))
              .redirectErrorStream(true)
              .start();
      String output;
      try (InputStream out = p.getInputStream()) {
        output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
      }
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IOException("keytool failed: " + output);
      }
      KeyStore ks = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(store)) {
        ks.load(in, PASSWORD);
      }
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, PASSWORD);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), null, null);
      Certificate cert = ks.getCertificate("collector");
      Files.writeString(
          pem,
          "-----BEGIN CERTIFICATE-----\n"
              + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(cert.getEncoded())
              + "\n-----END CERTIFICATE-----\n",
          StandardCharsets.US_ASCII);
      return new SelfSignedCert(ctx, pem);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running keytool", e);
    } finally {
      Files.deleteIfExists(store);
      Files.deleteIfExists(dir);
    }
  }
}
