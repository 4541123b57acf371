package io.vfmigrate.lab.tools.virsh;

import java.util.ArrayList;
import java.util.List;

/**
 * virsh's table printer (libvirt tools/vsh-table.c): every cell is preceded by one space, columns
 * are padded to their widest cell plus two, the last cell is not padded, and the dashed line is
 * each column's width plus three. Widths count the header only when it is printed ({@code -q} drops
 * it).
 */
public final class VirshTable {
  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  public VirshTable(List<String> header) {
    this.header = List.copyOf(header);
  }

  public void add(List<String> row) {
    rows.add(List.copyOf(row));
  }

  public String render(boolean withHeader) {
    int[] widths = new int[header.size()];
    if (withHeader) {
      widen(widths, header);
    }
    for (List<String> row : rows) {
      widen(widths, row);
    }
    StringBuilder out = new StringBuilder();
    if (withHeader) {
      row(out, header, widths);
      for (int width : widths) {
        out.append("-".repeat(width + 3));
      }
      out.append('\n');
    }
    for (List<String> row : rows) {
      row(out, row, widths);
    }
    return out.toString();
  }

  private static void widen(int[] widths, List<String> row) {
    for (int i = 0; i < row.size(); i++) {
      widths[i] = Math.max(widths[i], row.get(i).length());
    }
  }

  private static void row(StringBuilder out, List<String> cells, int[] widths) {
    for (int i = 0; i < cells.size(); i++) {
      out.append(' ').append(cells.get(i));
      if (i < cells.size() - 1) {
        out.append(" ".repeat(widths[i] - cells.get(i).length() + 2));
      }
    }
    out.append('\n');
  }
}
