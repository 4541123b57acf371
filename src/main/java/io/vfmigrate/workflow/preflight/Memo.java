package io.vfmigrate.workflow.preflight;

import io.vfmigrate.model.VfmigrateException;
import java.util.function.Supplier;

/**
 * A value read from a host once and shared by every check that needs it; an error is remembered as
 * well, so a tool that fails is asked once and each dependent check reports the failure.
 */
final class Memo<T> {
  private final Supplier<T> supplier;
  private boolean done;
  private T value;
  private VfmigrateException error;

  Memo(Supplier<T> supplier) {
    this.supplier = supplier;
  }

  T get() {
    if (!done) {
      try {
        value = supplier.get();
      } catch (VfmigrateException e) {
        error = e;
      }
      done = true;
    }
    if (error != null) {
      throw error;
    }
    return value;
  }

  boolean failed() {
    try {
      get();
      return false;
    } catch (VfmigrateException e) {
      return true;
    }
  }
}
