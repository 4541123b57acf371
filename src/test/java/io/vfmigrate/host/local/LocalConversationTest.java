package io.vfmigrate.host.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.host.Command;
import io.vfmigrate.host.Conversation;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A real local process kept open: sh reading command lines on its standard input. */
class LocalConversationTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private static Conversation sh() {
    return new LocalHost("here").converse(Command.of("sh")).orElseThrow();
  }

  @Test
  void eachExchangeTakesBothStreamsUpToItsLines() {
    try (Conversation sh = sh()) {
      assertThat(sh.send("echo one; echo E1 >&2; echo M1; echo err1 >&2; echo F1 >&2\n")).isTrue();
      assertThat(sh.send("echo two; echo M2; echo F2 >&2\n")).isTrue();

      Optional<Conversation.Exchange> first = sh.receive("M1", "F1", WAIT);
      Optional<Conversation.Exchange> second = sh.receive("M2", "F2", WAIT);

      assertThat(first).contains(new Conversation.Exchange("one\nM1\n", "E1\nerr1\nF1\n"));
      assertThat(second).contains(new Conversation.Exchange("two\nM2\n", "F2\n"));
    }
  }

  @Test
  void aLineMustMatchWholeNotAsPartOfAnother() {
    try (Conversation sh = sh()) {
      sh.send("echo xM1; echo M1x; echo M1; echo F >&2\n");

      assertThat(sh.receive("M1", "F", WAIT))
          .contains(new Conversation.Exchange("xM1\nM1x\nM1\n", "F\n"));
    }
  }

  @Test
  void aProcessThatEndsAnswersNothingMore() {
    try (Conversation sh = sh()) {
      sh.send("echo M1; exit 0\n");

      long start = System.nanoTime();
      assertThat(sh.receive("M1", "never", WAIT)).isEmpty();
      // It did not wait out the time limit: the streams had ended.
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(WAIT);
      assertThat(sh.send("echo again\n")).isFalse();
    }
  }

  @Test
  void anAnswerThatDoesNotComeInTimeIsNoAnswer() {
    try (Conversation sh = sh()) {
      sh.send("echo M1\n");

      assertThat(sh.receive("M1", "F1", Duration.ofMillis(200))).isEmpty();
      // What was written stays for a later exchange.
      sh.send("echo F1 >&2\n");
      assertThat(sh.receive("M1", "F1", WAIT)).contains(new Conversation.Exchange("M1\n", "F1\n"));
    }
  }

  @Test
  void theHostsEnvironmentAndTheCommandsReachTheProcess() {
    LocalHost host = new LocalHost("here", Map.of("FROM_HOST", "h"));
    try (Conversation sh =
        host.converse(Command.of("sh").withEnv("FROM_COMMAND", "c")).orElseThrow()) {
      sh.send("echo \"$FROM_HOST $FROM_COMMAND\"; echo M; echo F >&2\n");

      assertThat(sh.receive("M", "F", WAIT)).contains(new Conversation.Exchange("h c\nM\n", "F\n"));
    }
  }

  @Test
  void aProgramThatIsNotInstalledGivesNoConversation() {
    assertThat(new LocalHost("here").converse(Command.of("no-such-program-vfmigrate"))).isEmpty();
  }
}
