package io.vfmigrate.host;

import io.vfmigrate.model.VfmigrateException;
import java.util.List;
import java.util.Optional;

/**
 * What one {@link Read} gave: the value its {@link Host} method returns ({@link CommandResult},
 * {@code String}, {@code Optional<String>}, {@code List<String>} or {@code Boolean}), or the error
 * that method throws, kept to be thrown when the value is asked for.
 */
public record ReadResult(Read read, Object value, VfmigrateException error) {
  public static ReadResult of(Read read, Object value) {
    return new ReadResult(read, value, null);
  }

  public static ReadResult failed(Read read, VfmigrateException error) {
    return new ReadResult(read, null, error);
  }

  /** Performs {@code read} on {@code host} through its single-operation methods. */
  public static ReadResult perform(Host host, Read read) {
    try {
      return of(read, value(host, read));
    } catch (VfmigrateException e) {
      return failed(read, e);
    }
  }

  private static Object value(Host host, Read read) {
    if (read instanceof Read.Run r) {
      return host.run(r.command());
    } else if (read instanceof Read.File f) {
      return host.readFile(f.path());
    } else if (read instanceof Read.Link l) {
      return host.readLink(l.path());
    } else if (read instanceof Read.Directory d) {
      return host.listDirectory(d.path());
    }
    return host.exists(((Read.Exists) read).path());
  }

  /** The value, or the error the operation threw. */
  public Object get() {
    if (error != null) {
      throw error;
    }
    return value;
  }

  public CommandResult commandResult() {
    return (CommandResult) get();
  }

  public String text() {
    return (String) get();
  }

  @SuppressWarnings("unchecked")
  public Optional<String> link() {
    return (Optional<String>) get();
  }

  @SuppressWarnings("unchecked")
  public List<String> names() {
    return (List<String>) get();
  }

  public boolean exists() {
    return (Boolean) get();
  }
}
