package io.vfmigrate.host.ssh;

import io.vfmigrate.host.Command;
import io.vfmigrate.host.Conversation;
import io.vfmigrate.host.ShellQuoting;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.future.CancelOption;

/**
 * A remote process to converse with on one SSH exec channel: what is sent goes to its standard
 * input as it is written, and its two output streams are kept until an exchange takes them. The
 * command line is built as for any command ({@link ShellQuoting#commandLine}).
 */
final class SshConversation implements Conversation {
  private final ChannelExec channel;
  private final Output output;
  private final OutputStream stdin;

  private SshConversation(ChannelExec channel, Output output) {
    this.channel = channel;
    this.output = output;
    this.stdin = channel.getInvertedIn();
  }

  /** Opens an exec channel for {@code command}; an IOException means nothing was started. */
  static SshConversation open(ClientSession session, Command command, Duration openTimeout)
      throws IOException {
    ChannelExec channel =
        session.createExecChannel(
            ShellQuoting.commandLine(command), StandardCharsets.UTF_8, null, Map.of());
    Output output = new Output();
    channel.setOut(output.sink(output.out));
    channel.setErr(output.sink(output.err));
    try {
      channel.open().verify(openTimeout, CancelOption.CANCEL_ON_TIMEOUT);
    } catch (IOException | RuntimeException e) {
      channel.close(true);
      throw e;
    }
    return new SshConversation(channel, output);
  }

  /** The channel's two output streams, kept until an exchange takes them; their one lock. */
  private static final class Output {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    OutputStream sink(ByteArrayOutputStream to) {
      return new OutputStream() {
        @Override
        public void write(int b) {
          write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
          synchronized (Output.this) {
            to.write(b, off, len);
            Output.this.notifyAll();
          }
        }
      };
    }
  }

  @Override
  public boolean send(String text) {
    try {
      stdin.write(text.getBytes(StandardCharsets.UTF_8));
      stdin.flush();
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  @Override
  public Optional<Exchange> receive(String outLine, String errLine, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (output) {
      while (true) {
        String o = output.out.toString(StandardCharsets.UTF_8);
        String e = output.err.toString(StandardCharsets.UTF_8);
        int outEnd = Conversation.lineEnd(o, outLine);
        int errEnd = Conversation.lineEnd(e, errLine);
        if (outEnd >= 0 && errEnd >= 0) {
          Exchange exchange = new Exchange(o.substring(0, outEnd), e.substring(0, errEnd));
          keepAfter(output.out, exchange.stdout());
          keepAfter(output.err, exchange.stderr());
          return Optional.of(exchange);
        }
        long left = deadline - System.nanoTime();
        if (channel.isClosing() || channel.isClosed() || left <= 0) {
          return Optional.empty();
        }
        try {
          // Woken by new output; the channel's end is seen at the next look (at most 50 ms).
          TimeUnit.NANOSECONDS.timedWait(output, Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
        } catch (InterruptedException x) {
          Thread.currentThread().interrupt();
          return Optional.empty();
        }
      }
    }
  }

  /** Drops from {@code buffer} the bytes of {@code taken}, which it starts with. */
  private static void keepAfter(ByteArrayOutputStream buffer, String taken) {
    byte[] all = buffer.toByteArray();
    int n = taken.getBytes(StandardCharsets.UTF_8).length;
    buffer.reset();
    buffer.write(all, n, all.length - n);
  }

  /** Ends its input (the process quits at its end) and closes the channel without waiting. */
  @Override
  public void close() {
    try {
      stdin.close();
    } catch (IOException | RuntimeException e) {
      // The channel has gone already.
    }
    channel.close(false);
  }
}
