package io.atrack.sdk.internal.sender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atrack.sdk.transport.TransportResponse;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResponseReaderTest {

  private static final int MAX = TransportResponse.MAX_BODY_CHARS;

  /** A stream handing out at most {@code step} bytes per read, to split every token. */
  private static InputStream stream(String text, int step) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, step));
      }
    };
  }

  private static ResponseReader reader(String text) {
    return reader(text, Integer.MAX_VALUE);
  }

  private static ResponseReader reader(String text, int step) {
    return new ResponseReader(new SocketInput(stream(text, step)::read));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 7, Integer.MAX_VALUE})
  void parsesHeadersInAnyCaseAcrossReadBoundaries(int step) throws Exception {
    ResponseReader reader =
        reader(
            "HTTP/1.1 429 Too Many Requests\r\nRETRY-After:  120 \r\nX-Other: a:b\r\n"
                + "Content-Length: 5\r\n\r\nhello",
            step);

    assertThat(reader.read()).isEqualTo(TransportResponse.of(429, "120", "hello"));
    assertThat(reader.reusable()).isTrue();
  }

  @Test
  void readsConsecutiveResponsesFromOneStream() throws Exception {
    ResponseReader reader =
        reader(
            "HTTP/1.1 200 OK\r\ncontent-length: 1\r\n\r\na"
                + "HTTP/1.1 201 Created\r\ncontent-length: 1\r\n\r\nb");

    assertThat(reader.read().body()).isEqualTo("a");
    assertThat(reader.reusable()).as("bytes of the next answer are buffered").isFalse();
  }

  @Test
  void acceptsStatusLineWithoutReasonAndBareLineFeeds() throws Exception {
    ResponseReader reader = reader("HTTP/1.1 204\ncontent-length: 0\n\n");

    assertThat(reader.read()).isEqualTo(TransportResponse.of(204, null, ""));
    assertThat(reader.reusable()).isTrue();
  }

  @Test
  @SuppressWarnings("StringConcatToTextBlock") // HTTP's \r\n line ends read plainer as escapes.
  void skipsInterimAnswers() throws Exception {
    ResponseReader reader =
        reader(
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nlink: </a>\r\n\r\n"
                + "HTTP/1.1 202 Accepted\r\ncontent-length: 0\r\n\r\n");

    assertThat(reader.read().statusCode()).isEqualTo(202);
  }

  @Test
  void refusesSwitchingProtocols() {
    assertThatThrownBy(() -> reader("HTTP/1.1 101 Switching Protocols\r\n\r\n").read())
        .isInstanceOf(ProtocolException.class);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 5, Integer.MAX_VALUE})
  @SuppressWarnings("StringConcatToTextBlock") // HTTP's \r\n line ends read plainer as escapes.
  void readsChunkedBodyWithExtensionsAndTrailers(int step) throws Exception {
    ResponseReader reader =
        reader(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;name=value\r\nhello\r\n1\r\n \r\nA\r\n0123456789\r\n0\r\nx-trailer: t\r\n\r\n",
            step);

    assertThat(reader.read().body()).isEqualTo("hello 0123456789");
    assertThat(reader.reusable()).isTrue();
  }

  @Test
  void keepsPrefixOfLongChunkedBodyAndDrainsIt() throws Exception {
    String chunk = "z".repeat(4000);
    ResponseReader reader =
        reader(
            "HTTP/1.1 500 Oops\r\ntransfer-encoding: chunked\r\n\r\n"
                + "fa0\r\n"
                + chunk
                + "\r\nfa0\r\n"
                + chunk
                + "\r\n0\r\n\r\n");

    assertThat(reader.read().body()).isEqualTo("z".repeat(MAX));
    assertThat(reader.reusable()).isTrue();
  }

  @Test
  void givesUpOnChunkedBodyPastDrainLimit() throws Exception {
    String chunk = "z".repeat(0x10000);
    ResponseReader reader =
        reader(
            "HTTP/1.1 500 Oops\r\ntransfer-encoding: chunked\r\n\r\n"
                + "10000\r\n"
                + chunk
                + "\r\n10000\r\n"
                + chunk
                + "\r\n0\r\n\r\n");

    assertThat(reader.read().body()).hasSize(MAX);
    assertThat(reader.reusable()).isFalse();
  }

  @Test
  void givesUpOnFixedBodyPastDrainLimitAfterPrefix() throws Exception {
    int length = MAX + ResponseReader.DRAIN_LIMIT + 1;
    ResponseReader reader =
        reader("HTTP/1.1 200 OK\r\ncontent-length: " + length + "\r\n\r\n" + "y".repeat(length));

    assertThat(reader.read().body()).hasSize(MAX);
    assertThat(reader.reusable()).isFalse();
  }

  @Test
  void readsBodyWithoutLengthToEndOfStreamAndIsNotReusable() throws Exception {
    ResponseReader reader =
        reader("HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\n\r\nuntil close");

    assertThat(reader.read().body()).isEqualTo("until close");
    assertThat(reader.reusable()).isFalse();
  }

  @Test
  void keepsStatusAndPartialBodyWhenBodyIsCutShort() throws Exception {
    ResponseReader reader =
        reader("HTTP/1.1 503 Unavailable\r\ncontent-length: 100\r\n\r\npartial");

    assertThat(reader.read()).isEqualTo(TransportResponse.of(503, null, "partial"));
    assertThat(reader.reusable()).isFalse();
  }

  @Test
  void honoursConnectionCloseAndHttp10KeepAliveRules() throws Exception {
    ResponseReader close =
        reader("HTTP/1.1 200 OK\r\nConnection: Close\r\ncontent-length: 0\r\n\r\n");
    close.read();
    ResponseReader http10 = reader("HTTP/1.0 200 OK\r\ncontent-length: 0\r\n\r\n");
    http10.read();
    ResponseReader http10KeepAlive =
        reader("HTTP/1.0 200 OK\r\nconnection: keep-alive\r\ncontent-length: 0\r\n\r\n");
    http10KeepAlive.read();

    assertThat(close.reusable()).isFalse();
    assertThat(http10.reusable()).isFalse();
    assertThat(http10KeepAlive.reusable()).isTrue();
  }

  @Test
  void readsNoBodyForNotModified() throws Exception {
    ResponseReader reader = reader("HTTP/1.1 304 Not Modified\r\ncontent-length: 10\r\n\r\n");

    assertThat(reader.read().body()).isEmpty();
    assertThat(reader.reusable()).isTrue();
  }

  @Test
  void acceptsHeaderLinesLongerThanTheBuffer() throws Exception {
    String cookie = "c".repeat(3 * SocketInput.BUFFER_SIZE);
    ResponseReader reader =
        reader(
            "HTTP/1.1 200 OK\r\nset-cookie: " + cookie + "\r\ncontent-length: 2\r\n\r\nok", 1000);

    assertThat(reader.read().body()).isEqualTo("ok");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "HTTP/2 200\r\n\r\n",
        "ICY 200 OK\r\n\r\n",
        "HTTP/1.1 2000 OK\r\n\r\n",
        "HTTP/1.1 abc OK\r\n\r\n",
        "HTTP/1.1 200 OK\r\ncontent-length: 12x\r\n\r\n"
      })
  void refusesMalformedHeads(String text) {
    assertThatThrownBy(() -> reader(text).read()).isInstanceOf(ProtocolException.class);
  }

  @Test
  void keepsStatusWhenChunkSizeIsMalformed() throws Exception {
    ResponseReader reader = reader("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n");

    assertThat(reader.read()).isEqualTo(TransportResponse.of(200, null, ""));
    assertThat(reader.reusable()).isFalse();
  }

  @Test
  void failsWithEofWhenStreamEndsInHead() {
    assertThatThrownBy(() -> reader("HTTP/1.1 200 OK\r\ncontent-").read())
        .isInstanceOf(EOFException.class);
  }

  @Test
  void neverCutsUtf8CharacterInHalfAtPrefixEnd() throws Exception {
    // 2047 ASCII bytes, then a 3-byte euro sign straddling the 2048-byte limit.
    String body = "a".repeat(MAX - 1) + "\u20ac" + "tail";
    int length = body.getBytes(StandardCharsets.UTF_8).length;
    ResponseReader reader =
        reader("HTTP/1.1 400 Bad\r\ncontent-length: " + length + "\r\n\r\n" + body);

    assertThat(reader.read().body()).isEqualTo("a".repeat(MAX - 1));
  }
}
