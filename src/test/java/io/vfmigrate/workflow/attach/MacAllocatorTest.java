package io.vfmigrate.workflow.attach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vfmigrate.model.MacAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** The MACs {@code attach --mac auto} makes: QEMU's 52:54:00 range, never one in use. */
class MacAllocatorTest {
  /** Gives {@code values} in turn, then the last one again and again. */
  private static RandomGenerator bytes(Integer... values) {
    Deque<Integer> queue = new ArrayDeque<>(List.of(values));
    return new RandomGenerator() {
      @Override
      public long nextLong() {
        throw new UnsupportedOperationException("only nextInt(bound) is used");
      }

      @Override
      public int nextInt(int bound) {
        assertThat(bound).isEqualTo(256);
        return queue.size() > 1 ? queue.poll() : queue.peek();
      }
    };
  }

  @Test
  void theLastThreeOctetsAreRandomInLowerCaseHex() {
    assertThat(new MacAllocator(bytes(255, 1, 16)).allocate(Set.of()))
        .isEqualTo(MacAddress.parse("52:54:00:ff:01:10"));
  }

  @Test
  void aMacInUseIsDrawnAgain() {
    MacAddress used = MacAddress.parse("52:54:00:0a:0b:0c");

    assertThat(new MacAllocator(bytes(10, 11, 12, 10, 11, 13)).allocate(Set.of(used)))
        .isEqualTo(MacAddress.parse("52:54:00:0a:0b:0d"));
  }

  @Test
  void itGivesUpWhenEveryDrawIsInUse() {
    MacAddress used = MacAddress.parse("52:54:00:00:00:00");

    assertThatThrownBy(() -> new MacAllocator(bytes(0)).allocate(Set.of(used)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no free MAC address in 52:54:00:00:00:00/24");
  }
}
