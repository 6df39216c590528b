#!/usr/bin/env python3
"""Writes the office-format fixtures of `quytrinh import table` with real office libraries
(openpyxl for .xlsx, python-docx for .docx).

    python3 scripts/ci/import_fixtures.py OUT_DIR

writes into OUT_DIR:
  built.csv, built.xlsx, built.docx   six procedures built in the style of published
                                      "quy trình nội bộ" tables (not real ones), each file
                                      holding all six: titles with and without "(Mã TTHC: …)",
                                      the usual columns in several spellings and orders, times in
                                      giờ / ngày / "1/2 ngày" / "0,5 ngày" / bare numbers under
                                      "Thời gian (ngày)", "Không tính thời gian", merged cells
                                      (a party over two steps, a time shared by two steps, the
                                      total's label across three columns), two procedures on one
                                      sheet;
  cao-bang-2022-qd-ubnd.docx          the real tables transcribed in
                                      tests/import/real/cao-bang-2022-qd-ubnd.csv, rebuilt as the
                                      Word appendix they were published in (titles as paragraphs,
                                      one table each, the total's label merged across three
                                      columns);
  tcvn3.docx, tcvn3.csv, vni.xlsx     text in the old TCVN3 (font .VnTime) and VNI (font
                                      VNI-Times) encodings, which the importer must refuse.

The committed copies under tests/import/ are what `cargo test` reads; CI runs this script again
into a temporary folder and imports what it writes (scripts/ci/import.sh).
"""

import csv
import datetime
import os
import sys

import docx
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.styles import Font

FIXED = datetime.datetime(2026, 1, 1)
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# Each built procedure: title, header, rows (cells; None = covered by the merge of the cell
# above), total row, and which columns merge vertically (rows 1-based within the steps).
KS = "Không tính thời gian"
BUILT = [
    {
        "title": "1. Đăng ký kết hôn (Mã TTHC: 1.000894)",
        "header": ["Bước", "Nội dung công việc", "Bộ phận thực hiện", "Thời gian thực hiện", "Biểu mẫu/Kết quả"],
        "steps": [
            ["B1", "Nộp hồ sơ trực tiếp tại Bộ phận Một cửa hoặc qua Cổng dịch vụ công", "Cá nhân", KS, "Tờ khai đăng ký kết hôn"],
            ["B2", "Tiếp nhận hồ sơ, kiểm tra tính đầy đủ, hợp lệ; chuyển công chức Tư pháp - Hộ tịch", "Công chức Bộ phận Một cửa", "02 giờ", "Phiếu tiếp nhận"],
            ["B3", "Thẩm định hồ sơ, dự thảo Giấy chứng nhận kết hôn", "Công chức Tư pháp - Hộ tịch", "02 giờ", "Dự thảo"],
            ["B4", "Xem xét, ký Giấy chứng nhận kết hôn", "Chủ tịch UBND xã", "02 giờ", "Giấy chứng nhận kết hôn"],
            ["B5", "Vào sổ, đóng dấu, chuyển kết quả về Bộ phận Một cửa", "Văn thư UBND xã", "02 giờ", ""],
            ["B6", "Trả kết quả; hai bên nam, nữ có mặt ký vào Sổ đăng ký kết hôn", "Bộ phận Một cửa", KS, ""],
        ],
        "total": "Tổng thời gian giải quyết: 01 ngày làm việc",
        "days": 1.0,
        "code": "1.000894",
    },
    {
        "title": "2. Cấp Giấy phép kinh doanh karaoke (Mã TTHC: 1.001029)",
        "header": ["Thứ tự công việc", "Nội dung công việc", "Trách nhiệm thực hiện", "Thời gian thực hiện"],
        "steps": [
            ["Bước 1", "Tiếp nhận hồ sơ, chuyển Phòng Văn hóa - Thông tin", "Bộ phận tiếp nhận và trả kết quả", "1/2 ngày"],
            ["Bước 2", "Thẩm định hồ sơ, kiểm tra thực tế cơ sở kinh doanh", "Chuyên viên Phòng Văn hóa - Thông tin", "03 ngày"],
            ["Bước 3", "Dự thảo Giấy phép, trình lãnh đạo phòng", None, "1/2 ngày"],
            ["Bước 4", "Lãnh đạo phòng xem xét, trình ký", "Lãnh đạo Phòng Văn hóa - Thông tin", "1/2 ngày"],
            ["Bước 5", "Ký duyệt Giấy phép", "Lãnh đạo UBND huyện", "1/2 ngày"],
            ["Bước 6", "Trả kết quả cho tổ chức, cá nhân", "Bộ phận tiếp nhận và trả kết quả", KS],
        ],
        "total": "Tổng thời gian giải quyết: 05 ngày làm việc",
        "days": 5.0,
        "code": "1.001029",
    },
    {
        "title": "3. Thẩm định, phê duyệt phương án cắm mốc giới (Mã TTHC: 1.009456)",
        "header": ["TT", "Nội dung công việc", "Trách nhiệm thực hiện", "Thời gian thực hiện", "Kết quả"],
        "steps": [
            ["1", "Tiếp nhận hồ sơ trên Hệ thống thông tin giải quyết TTHC, chuyển Sở Xây dựng", "Trung tâm Phục vụ hành chính công tỉnh", "0,5 ngày", "Phiếu tiếp nhận"],
            ["2", "Thẩm định hồ sơ", "Phòng Quy hoạch - Kiến trúc", "03 ngày", "Báo cáo thẩm định"],
            ["3", "Lấy ý kiến các cơ quan liên quan", "Phòng Quy hoạch - Kiến trúc", None, "Văn bản góp ý"],
            ["4", "Trình UBND tỉnh phê duyệt", "Lãnh đạo Sở Xây dựng", "02 ngày", "Tờ trình"],
            ["5", "Phê duyệt phương án", "Lãnh đạo UBND tỉnh", "01 ngày", "Quyết định"],
            ["6", "Chuyển kết quả về Trung tâm Phục vụ hành chính công; trả kết quả", "Văn phòng UBND tỉnh", "0,5 ngày", ""],
        ],
        "total": "Tổng thời gian giải quyết: 07 ngày làm việc",
        "days": 7.0,
        "code": "1.009456",
    },
    {
        "title": "4. Cấp giấy xác nhận đủ điều kiện kinh doanh (áp dụng tại cấp huyện)",
        "header": ["Bước", "Nội dung công việc", "Đơn vị thực hiện", "Thời gian (ngày)"],
        "steps": [
            ["1", "Tiếp nhận hồ sơ", "Bộ phận Một cửa UBND huyện", "0.5"],
            ["2", "Thẩm định hồ sơ, xác minh tại cơ sở", "Phòng Kinh tế", "2"],
            ["3", "Ký giấy xác nhận", "Lãnh đạo UBND huyện", "1"],
            ["4", "Vào sổ, trả kết quả cho tổ chức", "Bộ phận Một cửa UBND huyện", "0.5"],
        ],
        "total": ["Tổng thời gian giải quyết", "", "", "4"],
        "days": 4.0,
        "code": None,
    },
    {
        "title": "5. Chuyển mục đích sử dụng đất (Mã TTHC: 1.012780)",
        "header": ["Thứ tự công việc", "Nội dung công việc", "Trách nhiệm thực hiện", "Thời gian thực hiện"],
        "steps": [
            ["Bước 1", "Nộp hồ sơ qua dịch vụ bưu chính công ích hoặc trực tiếp", "Người sử dụng đất", KS],
            ["Bước 2", "Tiếp nhận hồ sơ, chuyển Phòng Tài nguyên và Môi trường", "Bộ phận Một cửa", "0,5 ngày"],
            ["Bước 3", "Thẩm tra hồ sơ, kiểm tra thực địa", "Chuyên viên Phòng Tài nguyên và Môi trường", "05 ngày"],
            ["Bước 4", "Gửi thông tin địa chính xác định nghĩa vụ tài chính", "Chi cục Thuế", KS],
            ["Bước 5", "Nộp tiền sử dụng đất", "Người sử dụng đất", KS],
            ["Bước 6", "Trình UBND huyện quyết định cho phép chuyển mục đích", "Lãnh đạo Phòng Tài nguyên và Môi trường", "03 ngày"],
            ["Bước 7", "Ký quyết định", "Chủ tịch UBND huyện", "04 ngày"],
            ["Bước 8", "Cập nhật, chỉnh lý hồ sơ địa chính", "Văn phòng đăng ký đất đai", "02 ngày"],
            ["Bước 9", "Trả kết quả", "Bộ phận Một cửa", "0,5 ngày"],
        ],
        "total": "Tổng thời gian giải quyết TTHC: 15 ngày làm việc (không kể thời gian thực hiện nghĩa vụ tài chính)",
        "days": 15.0,
        "code": "1.012780",
    },
    {
        "title": "6. Cấp bản sao trích lục hộ tịch (Mã TTHC: 2.000635)",
        "header": ["TT", "Trách nhiệm thực hiện", "Nội dung công việc", "Thời gian thực hiện", "Hồ sơ/Biểu mẫu"],
        "steps": [
            ["1", "Công chức Bộ phận Một cửa", "Tiếp nhận yêu cầu, kiểm tra, lập phiếu tiếp nhận", "08 giờ làm việc", "Tờ khai"],
            ["2", "Công chức Tư pháp - Hộ tịch", "Tra cứu Cơ sở dữ liệu hộ tịch điện tử, in bản sao trích lục", "01 ngày", ""],
            ["3", "Chủ tịch UBND xã", "Ký bản sao trích lục", "0,5 ngày", "Bản sao trích lục"],
            ["4", "Công chức Bộ phận Một cửa", "Thu lệ phí, trả kết quả", "0,5 ngày", ""],
        ],
        "total": "Tổng thời gian giải quyết: 03 ngày làm việc",
        "days": 3.0,
        "code": "2.000635",
    },
]

NOTE = "Xây dựng theo mẫu các bảng quy trình nội bộ đã công bố (không phải bảng thật)"


def total_row(p, width):
    t = p["total"]
    if isinstance(t, list):
        return t + [""] * (width - len(t))
    return [t] + [""] * (width - 1)


def built_csv(path):
    rows = [[NOTE]]
    for p in BUILT:
        w = len(p["header"])
        rows.append([p["title"]] + [""] * (w - 1))
        rows.append(p["header"])
        for s in p["steps"]:
            rows.append(["" if c is None else c for c in s])
        rows.append(total_row(p, w))
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def vertical_runs(steps):
    """(column, first step index, last step index) of each cell covered from above."""
    runs = []
    for c in range(max(len(s) for s in steps)):
        i = 0
        while i < len(steps):
            j = i
            while j + 1 < len(steps) and steps[j + 1][c] is None:
                j += 1
            if j > i:
                runs.append((c, i, j))
            i = j + 1
    return runs


def number_or_text(v):
    try:
        return float(v) if "." in v else int(v)
    except (TypeError, ValueError):
        return v


def write_procedure_sheet(ws, p, top):
    """Writes one procedure from row `top` (1-based); returns the row after it."""
    w = len(p["header"])
    ws.cell(row=top, column=1, value=p["title"])
    ws.merge_cells(start_row=top, start_column=1, end_row=top, end_column=w)
    for c, h in enumerate(p["header"], 1):
        ws.cell(row=top + 1, column=c, value=h).font = Font(bold=True)
    first = top + 2
    bare = p["header"][3].endswith("(ngày)")
    for i, s in enumerate(p["steps"]):
        for c, v in enumerate(s, 1):
            if v is not None:
                ws.cell(row=first + i, column=c, value=number_or_text(v) if bare and c == 4 else v)
    for c, a, b in vertical_runs(p["steps"]):
        ws.merge_cells(start_row=first + a, start_column=c + 1, end_row=first + b, end_column=c + 1)
    end = first + len(p["steps"])
    t = total_row(p, w)
    if isinstance(p["total"], list):
        ws.cell(row=end, column=1, value=t[0])
        ws.merge_cells(start_row=end, start_column=1, end_row=end, end_column=3)
        ws.cell(row=end, column=4, value=number_or_text(t[3]))
    else:
        ws.cell(row=end, column=1, value=t[0])
        ws.merge_cells(start_row=end, start_column=1, end_row=end, end_column=w)
    return end + 2


def fixed_workbook():
    wb = Workbook()
    wb.properties.created = FIXED
    wb.properties.modified = FIXED
    wb.properties.creator = "quytrinh"
    return wb


def built_xlsx(path):
    wb = fixed_workbook()
    ws = wb.active
    ws.title = "QT1"
    write_procedure_sheet(ws, BUILT[0], 1)
    for n in (1, 2, 3):
        write_procedure_sheet(wb.create_sheet(f"QT{n + 1}"), BUILT[n], 1)
    # Two procedures on one sheet, the second below the first.
    ws = wb.create_sheet("Liên thông")
    ws.cell(row=1, column=1, value=NOTE)
    row = write_procedure_sheet(ws, BUILT[4], 3)
    write_procedure_sheet(ws, BUILT[5], row)
    wb.save(path)


def save_small(d, path):
    """Saves without the parts of python-docx's template that Word rebuilds and the importer
    never reads (styles with effects, the thumbnail, custom XML), to keep fixtures small."""
    for rels in (d.part.rels, d.part.package.rels):
        for rid, rel in list(rels.items()):
            if rel.reltype.rsplit("/", 1)[-1] in ("stylesWithEffects", "customXml", "thumbnail"):
                del rels[rid]
    d.save(path)


def fixed_document():
    d = docx.Document()
    cp = d.core_properties
    cp.created = FIXED
    cp.modified = FIXED
    cp.last_printed = FIXED
    cp.author = "quytrinh"
    cp.last_modified_by = "quytrinh"
    cp.revision = 1
    return d


def docx_table(d, header, steps, total, total_span):
    """A table: header, steps (None = merged with the cell above), the total row with its label
    merged across `total_span` columns."""
    w = len(header)
    t = d.add_table(rows=len(steps) + 2, cols=w)
    t.style = "Table Grid"
    for c, h in enumerate(header):
        t.cell(0, c).text = h
    for i, s in enumerate(steps, 1):
        for c, v in enumerate(s):
            if v is not None:
                t.cell(i, c).text = v
    for c, a, b in vertical_runs(steps):
        t.cell(a + 1, c).merge(t.cell(b + 1, c))
    last = len(steps) + 1
    if isinstance(total, list):
        t.cell(last, 0).merge(t.cell(last, total_span - 1))
        t.cell(last, 0).text = total[0]
        t.cell(last, w - 1).text = total[-1]
    else:
        t.cell(last, 0).merge(t.cell(last, w - 1))
        t.cell(last, 0).text = total
    return t


def built_docx(path):
    d = fixed_document()
    d.add_paragraph(NOTE)
    for p in BUILT:
        d.add_paragraph(p["title"])
        total = p["total"] if isinstance(p["total"], list) else p["total"]
        docx_table(d, p["header"], p["steps"], total, 3)
        d.add_paragraph("")
    save_small(d, path)


def real_docx(src, path):
    """The transcribed CSV rebuilt as its Word appendix: lines above a header are paragraphs,
    each table runs from its header to its "Tổng thời gian" row."""
    with open(src, encoding="utf-8") as f:
        rows = list(csv.reader(f))
    d = fixed_document()
    i = 0
    while i < len(rows):
        r = rows[i]
        if r[0] == "Thứ tự công việc":
            j = i + 1
            while not rows[j][0].startswith("Tổng thời gian"):
                j += 1
            steps = rows[i + 1 : j]
            docx_table(d, r, steps, rows[j], 3)
            i = j + 1
        else:
            d.add_paragraph(r[0])
            i += 1
    save_small(d, path)


# Text as a TCVN3 (ABC) or VNI file shows it without its font: the bytes of those encodings
# read as Windows-1252.
TCVN3_ROWS = [
    ["Quy tr×nh néi bé gi¶i quyÕt thñ tôc hµnh chÝnh (M· TTHC: 1.000894)"],
    ["B­íc", "Néi dung c«ng viÖc", "Tr¸ch nhiÖm thùc hiÖn", "Thêi gian thùc hiÖn"],
    ["B1", "TiÕp nhËn hå s¬, chuyÓn c«ng chøc T­ ph¸p", "Bé phËn mét cöa", "0,5 ngµy"],
    ["B2", "ThÈm ®Þnh hå s¬, tr×nh Chñ tÞch UBND x· ký", "C«ng chøc T­ ph¸p - Hé tÞch", "0,5 ngµy"],
    ["Tæng thêi gian gi¶i quyÕt: 01 ngµy lµm viÖc"],
]
VNI_ROWS = [
    ["Quy trình noäi boä giaûi quyeát thuû tuïc haønh chính (Maõ TTHC: 1.000894)"],
    ["Böôùc", "Noäi dung coâng vieäc", "Traùch nhieäm thöïc hieän", "Thôøi gian thöïc hieän"],
    ["B1", "Tieáp nhaän hoà sô, chuyeån coâng chöùc Tö phaùp", "Boä phaän moät cöûa", "0,5 ngaøy"],
    ["B2", "Thaåm ñònh hoà sô, trình Chuû tòch UBND xaõ kyù", "Coâng chöùc Tö phaùp - Hoä tòch", "0,5 ngaøy"],
    ["Toång thôøi gian giaûi quyeát: 01 ngaøy laøm vieäc"],
]


def legacy(out):
    d = fixed_document()
    d.styles["Normal"].font.name = ".VnTime"
    d.styles["Normal"].font.size = Pt(13)
    d.add_paragraph(TCVN3_ROWS[0][0])
    t = d.add_table(rows=3, cols=4)
    for r, row in enumerate(TCVN3_ROWS[1:4]):
        for c, v in enumerate(row):
            t.cell(r, c).text = v
    d.add_paragraph(TCVN3_ROWS[4][0])
    save_small(d, os.path.join(out, "tcvn3.docx"))
    with open(os.path.join(out, "tcvn3.csv"), "w", newline="", encoding="cp1252") as f:
        csv.writer(f, lineterminator="\n").writerows(TCVN3_ROWS)
    wb = fixed_workbook()
    ws = wb.active
    for r, row in enumerate(VNI_ROWS, 1):
        for c, v in enumerate(row, 1):
            ws.cell(row=r, column=c, value=v).font = Font(name="VNI-Times")
    wb.save(os.path.join(out, "vni.xlsx"))


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    built_csv(os.path.join(out, "built.csv"))
    built_xlsx(os.path.join(out, "built.xlsx"))
    built_docx(os.path.join(out, "built.docx"))
    real_docx(
        os.path.join(ROOT, "tests", "import", "real", "cao-bang-2022-qd-ubnd.csv"),
        os.path.join(out, "cao-bang-2022-qd-ubnd.docx"),
    )
    legacy(out)


if __name__ == "__main__":
    main()
