package io.vfmigrate.cli;

import io.vfmigrate.host.ShellQuoting;
import io.vfmigrate.workflow.event.Event;
import io.vfmigrate.workflow.event.EventSink;
import java.io.PrintWriter;

/** Renders workflow events as a human log on the terminal. */
final class HumanRenderer implements EventSink {
  private final PrintWriter out;
  private final boolean showCommands;
  private final ProgressBar progress;

  HumanRenderer(PrintWriter out, boolean showCommands) {
    this(out, showCommands, false);
  }

  HumanRenderer(PrintWriter out, boolean showCommands, boolean terminal) {
    this.out = out;
    this.showCommands = showCommands;
    this.progress = new ProgressBar(out, terminal);
  }

  @Override
  public void emit(Event event) {
    if (event instanceof Event.Progress p) {
      progress.show(p);
      return;
    }
    if (event instanceof Event.StepFinished f && f.ok() && progress.active()) {
      // The step that reported progress ended well: the transfer is complete.
      progress.complete();
      return;
    }
    String line = line(event);
    if (line == null) {
      // Not shown (a command without -v, a step that ended well): the bar stays on its line.
      return;
    }
    if (event instanceof Event.StepStarted || event instanceof Event.StepFinished) {
      progress.stop();
    } else {
      progress.finish();
    }
    out.println(line);
    out.flush();
  }

  /** The line an event is shown as, or null when it is not shown. */
  private String line(Event event) {
    if (event instanceof Event.StepStarted s) {
      return prefix(s.host()) + "- " + s.description();
    } else if (event instanceof Event.StepFinished f && !f.ok()) {
      return prefix(f.host()) + "  failed: " + f.description();
    } else if (event instanceof Event.CommandRan c && showCommands) {
      return prefix(c.host())
          + "  $ "
          + ShellQuoting.join(io.vfmigrate.tools.virsh.VirshBatch.shown(c.argv()))
          + (c.exitCode() > 0 ? "   (exit " + c.exitCode() + ")" : "");
    } else if (event instanceof Event.FileWritten f && showCommands) {
      return prefix(f.host())
          + "  $ echo "
          + ShellQuoting.quote(f.content().strip())
          + " > "
          + ShellQuoting.quote(f.path());
    } else if (event instanceof Event.Warning w) {
      return prefix(w.host()) + "warning: " + w.message();
    } else if (event instanceof Event.Info i) {
      return prefix(i.host()) + i.message();
    }
    return null;
  }

  private static String prefix(String host) {
    return host == null || host.isEmpty() ? "" : "[" + host + "] ";
  }
}
