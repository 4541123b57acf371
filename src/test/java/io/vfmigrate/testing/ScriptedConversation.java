package io.vfmigrate.testing;

import io.vfmigrate.host.Conversation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A conversation whose process has already written everything it will write (e.g. a capture of a
 * real interactive virsh): each exchange takes its part, as {@code LocalConversation} does, and
 * what was sent is kept for the test. A process that has gone answers nothing.
 */
public final class ScriptedConversation implements Conversation {
  private final StringBuilder out;
  private final StringBuilder err;
  private final List<String> sent = new ArrayList<>();
  private boolean gone;
  private boolean closed;

  public ScriptedConversation(String stdout, String stderr) {
    this.out = new StringBuilder(stdout);
    this.err = new StringBuilder(stderr);
  }

  /** From now on the process has gone: nothing is sent, nothing more is answered. */
  public ScriptedConversation dies() {
    gone = true;
    return this;
  }

  public List<String> sent() {
    return List.copyOf(sent);
  }

  public boolean closed() {
    return closed;
  }

  @Override
  public boolean send(String text) {
    if (gone || closed) {
      return false;
    }
    sent.add(text);
    return true;
  }

  @Override
  public Optional<Exchange> receive(String outLine, String errLine, Duration timeout) {
    int outEnd = Conversation.lineEnd(out.toString(), outLine);
    int errEnd = Conversation.lineEnd(err.toString(), errLine);
    if (gone || outEnd < 0 || errEnd < 0) {
      return Optional.empty();
    }
    Exchange exchange = new Exchange(out.substring(0, outEnd), err.substring(0, errEnd));
    out.delete(0, outEnd);
    err.delete(0, errEnd);
    return Optional.of(exchange);
  }

  @Override
  public void close() {
    closed = true;
  }
}
