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
    progress.finish();
    if (event instanceof Event.StepStarted s) {
      out.println(prefix(s.host()) + "- " + s.description());
    } else if (event instanceof Event.StepFinished f && !f.ok()) {
      out.println(prefix(f.host()) + "  failed: " + f.description());
    } else if (event instanceof Event.CommandRan c && showCommands) {
      out.println(
          prefix(c.host())
              + "  $ "
              + ShellQuoting.join(c.argv())
              + (c.exitCode() > 0 ? "   (exit " + c.exitCode() + ")" : ""));
    } else if (event instanceof Event.FileWritten f && showCommands) {
      out.println(
          prefix(f.host())
              + "  $ echo "
              + ShellQuoting.quote(f.content().strip())
              + " > "
              + ShellQuoting.quote(f.path()));
    } else if (event instanceof Event.Warning w) {
      out.println(prefix(w.host()) + "warning: " + w.message());
    } else if (event instanceof Event.Info i) {
      out.println(prefix(i.host()) + i.message());
    }
    out.flush();
  }

  private static String prefix(String host) {
    return host == null || host.isEmpty() ? "" : "[" + host + "] ";
  }
}
