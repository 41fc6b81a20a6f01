"""ISO 2859-1 sampling core (core/sampling.py): every encoded table cell against public
transcriptions typed here independently of the module, the arrow rules, and Hypothesis for the
switching rules between normal, tightened and reduced inspection."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wms_module.core.errors import InvalidInput
from wms_module.core.sampling import (
	AQLS,
	DISCONTINUED,
	LETTERS,
	LEVELS,
	NORMAL_SEVERITY,
	REDUCED,
	REDUCED_AQLS,
	REDUCED_SAMPLE_SIZES,
	SAMPLE_SIZES,
	START,
	TIGHTENED,
	TIGHTENED_AQLS,
	Lot,
	code_letter,
	next_state,
	normal_cell,
	resolve_arrows,
	resume,
	sampling_plan,
	state_after,
	table_cell,
	tighter_aql,
)

# Table I as the VBA port (src/lib/aqlIso2859.js, LOT_MIN / LOT_MAX / LOT_CODE) writes it: letter
# numbers 1 = A ... 8 = H, 9 = J ... 16 = R, columns I, II, III, S-1, S-2, S-3, S-4.
LOT_RANGES = [
	(2, 8, [1, 1, 2, 1, 1, 1, 1]),
	(9, 15, [1, 2, 3, 1, 1, 1, 1]),
	(16, 25, [2, 3, 4, 1, 1, 2, 2]),
	(26, 50, [3, 4, 5, 1, 2, 2, 3]),
	(51, 90, [3, 5, 6, 2, 2, 3, 3]),
	(91, 150, [4, 6, 7, 2, 2, 3, 4]),
	(151, 280, [5, 7, 8, 2, 3, 4, 5]),
	(281, 500, [6, 8, 9, 2, 3, 4, 5]),
	(501, 1200, [7, 9, 10, 3, 3, 5, 6]),
	(1201, 3200, [8, 10, 11, 3, 4, 5, 7]),
	(3201, 10000, [9, 11, 12, 3, 4, 6, 7]),
	(10001, 35000, [10, 12, 13, 3, 4, 6, 8]),
	(35001, 150000, [11, 13, 14, 4, 5, 7, 9]),
	(150001, 500000, [12, 14, 15, 4, 5, 7, 9]),
	(500001, 10_000_000, [13, 15, 16, 4, 5, 8, 10]),
]
PORT_LEVELS = ["I", "II", "III", "S-1", "S-2", "S-3", "S-4"]
CODES = "ABCDEFGHJKLMNPQR"

SAMPLE_SIZE = dict(
	zip(CODES, [2, 3, 5, 8, 13, 20, 32, 50, 80, 125, 200, 315, 500, 800, 1250, 2000], strict=True)
)

# Table II-A with every arrow already followed, as the TypeScript RESOLVED_NORMAL writes it
# (letter whose plan applies + Ac), columns 0.010 ... 6.5.
RESOLVED = {
	"A": "Q0 P0 N0 M0 L0 K0 J0 H0 G0 F0 E0 D0 C0 B0 A0",
	"B": "Q0 P0 N0 M0 L0 K0 J0 H0 G0 F0 E0 D0 C0 B0 A0",
	"C": "Q0 P0 N0 M0 L0 K0 J0 H0 G0 F0 E0 D0 C0 B0 D1",
	"D": "Q0 P0 N0 M0 L0 K0 J0 H0 G0 F0 E0 D0 C0 E1 D1",
	"E": "Q0 P0 N0 M0 L0 K0 J0 H0 G0 F0 E0 D0 F1 E1 E2",
	"F": "Q0 P0 N0 M0 L0 K0 J0 H0 G0 F0 E0 G1 F1 F2 F3",
	"G": "Q0 P0 N0 M0 L0 K0 J0 H0 G0 F0 H1 G1 G2 G3 G5",
	"H": "Q0 P0 N0 M0 L0 K0 J0 H0 G0 J1 H1 H2 H3 H5 H7",
	"J": "Q0 P0 N0 M0 L0 K0 J0 H0 K1 J1 J2 J3 J5 J7 J10",
	"K": "Q0 P0 N0 M0 L0 K0 J0 L1 K1 K2 K3 K5 K7 K10 K14",
	"L": "Q0 P0 N0 M0 L0 K0 M1 L1 L2 L3 L5 L7 L10 L14 L21",
	"M": "Q0 P0 N0 M0 L0 N1 M1 M2 M3 M5 M7 M10 M14 M21 L21",
	"N": "Q0 P0 N0 M0 P1 N1 N2 N3 N5 N7 N10 N14 N21 M21 L21",
	"P": "Q0 P0 N0 Q1 P1 P2 P3 P5 P7 P10 P14 P21 N21 M21 L21",
	"Q": "Q0 P0 R1 Q1 Q2 Q3 Q5 Q7 Q10 Q14 Q21 P21 N21 M21 L21",
	"R": "Q0 P0 R1 R2 R3 R5 R7 R10 R14 R21 Q21 P21 N21 M21 L21",
}
TS_AQLS = [
	"0.010",
	"0.015",
	"0.025",
	"0.040",
	"0.065",
	"0.10",
	"0.15",
	"0.25",
	"0.40",
	"0.65",
	"1.0",
	"1.5",
	"2.5",
	"4.0",
	"6.5",
]

# The VBA port's AC_N for rows A-L, columns 0.065, 0.1, 0.25, 0.4, 0.65, 1.0, 1.5, 2.5, 4.0, 6.5
# (no 0.15 column): -1 = use a larger code letter (arrow down), -2 = a smaller one (arrow up).
PORT_AC_N = {
	"A": [-1, -1, -1, -1, -1, -1, -1, -1, -1, 0],
	"B": [-1, -1, -1, -1, -1, -1, -1, -1, 0, -2],
	"C": [-1, -1, -1, -1, -1, -1, -1, 0, -2, -1],
	"D": [-1, -1, -1, -1, -1, -1, 0, -2, -1, 1],
	"E": [-1, -1, -1, -1, -1, 0, -2, -1, 1, 2],
	"F": [-1, -1, -1, -1, 0, -2, -1, 1, 2, 3],
	"G": [-1, -1, -1, 0, -2, -1, 1, 2, 3, 5],
	"H": [-1, -1, 0, -2, -1, 1, 2, 3, 5, 7],
	"J": [-1, -1, -2, -1, 1, 2, 3, 5, 7, 10],
	"K": [-1, 0, -1, 1, 2, 3, 5, 7, 10, 14],
	"L": [0, -1, 1, 2, 3, 5, 7, 10, 14, 21],
}
PORT_AQLS = ["0.065", "0.10", "0.25", "0.40", "0.65", "1.0", "1.5", "2.5", "4.0", "6.5"]
# The one cell where the port disagrees: L at 0.10 is an arrow down there, an arrow up in both
# TypeScript extractions and in the row pattern every other row of the port follows (the cell
# right of Ac 0 is an arrow up). The module follows the TypeScript extractions.
PORT_DISAGREES = {("L", "0.10")}

# garment-aql-calculator 1.0.0 _TABLE_B (Ac, Re), AQL 0.65 ... 6.5, only the cells that are
# numbers in the standard (that package writes 0/1 over arrows and 21/22 over arrows up).
GARMENT = {
	"D": {"6.5": (1, 2)},
	"E": {"4.0": (1, 2), "6.5": (2, 3)},
	"F": {"2.5": (1, 2), "4.0": (2, 3), "6.5": (3, 4)},
	"G": {"1.5": (1, 2), "2.5": (2, 3), "4.0": (3, 4), "6.5": (5, 6)},
	"H": {"1.0": (1, 2), "1.5": (2, 3), "2.5": (3, 4), "4.0": (5, 6), "6.5": (7, 8)},
	"J": {"0.65": (1, 2), "1.0": (2, 3), "1.5": (3, 4), "2.5": (5, 6), "4.0": (7, 8), "6.5": (10, 11)},
	"K": {"0.65": (2, 3), "1.0": (3, 4), "1.5": (5, 6), "2.5": (7, 8), "4.0": (10, 11), "6.5": (14, 15)},
	"L": {"0.65": (3, 4), "1.0": (5, 6), "1.5": (7, 8), "2.5": (10, 11), "4.0": (14, 15), "6.5": (21, 22)},
	"M": {"0.65": (5, 6), "1.0": (7, 8), "1.5": (10, 11), "2.5": (14, 15), "4.0": (21, 22)},
	"N": {"0.65": (7, 8), "1.0": (10, 11), "1.5": (14, 15), "2.5": (21, 22)},
	"P": {"0.65": (10, 11), "1.0": (14, 15), "1.5": (21, 22)},
	"Q": {"0.65": (14, 15), "1.0": (21, 22)},
	"R": {"0.65": (21, 22)},
}
# where the standard prints 0/1 or an arrow (garment writes 0/1 in both cases)
GARMENT_ZERO_OR_ARROW = {"A": ["6.5"], "B": ["4.0"], "C": ["2.5"], "D": ["1.5"], "E": ["1.0"]}


# MIL-STD-105E Table II-A as the ASCII "TABLE 1-A" of http://www.nibs.org/FMOC/DPW_AC/AC-TABLE.ASC
# draws it ("developed from MIL-STD-105E ... TABLE II-A"), columns .65 1.0 1.5 2.5 4.0 6.5: the
# rejection number Re, or the arrow as drawn: "\\/" an arrow head down, "/\\" an arrow head up,
# "||" an arrow's shaft (an arrow cell of either direction).
ASCII_105E = {
	"A": "|| || || || \\/ 1 /\\",
	"B": "|| || || \\/ 1 /\\ \\/",
	"C": "|| || \\/ 1 /\\ \\/ 2",
	"D": "|| \\/ 1 /\\ \\/ 2 3",
	"E": "\\/ 1 /\\ \\/ 2 3 4",
	"F": "1 /\\ \\/ 2 3 4 6",
	"G": "/\\ \\/ 2 3 4 6 8",
	"H": "\\/ 2 3 4 6 8 11",
	"J": "2 3 4 6 8 11 15",
	"K": "3 4 6 8 11 15 22",
	"L": "4 6 8 11 15 22 /\\",
	"M": "6 8 11 15 22 /\\ ||",
	"N": "8 11 15 22 /\\ || ||",
	"P": "11 15 22 /\\ || || ||",
	"Q": "15 22 /\\ || || || ||",
}
ASCII_AQLS = ["0.65", "1.0", "1.5", "2.5", "4.0", "6.5", "10"]
# The one cell where the ASCII drawing is the odd one out: an arrow head up in the top row at 10,
# with no plan above it. The GB/T 2828.1 module, the NTE INEN-ISO 2859-1 transcription and the
# MIL-STD-105E legible-copy extraction below all go down from A / 10 to C's 1 / 2 (n = 5).
ASCII_DISAGREES = {("A", "10")}


# ---- Table II-B (tightened) and the extra Table II-A columns, each source in its own notation ----

# The TypeScript AC_TIGHTENED (same file as RESOLVED_NORMAL; "ISO 2859-1 ... Table 3 (Tightened)",
# extracted from the PDF's cell positions): each row's own cells, -1 where the table has an arrow,
# columns TS_AQLS (0.010 ... 6.5).
TS_AC_TIGHTENED = {
	"A": [-1] * 15,
	"B": [-1] * 14 + [0],
	"C": [-1] * 13 + [0, -1],
	"D": [-1] * 12 + [0, -1, -1],
	"E": [-1] * 11 + [0, -1, -1, 1],
	"F": [-1] * 10 + [0, -1, -1, 1, 2],
	"G": [-1] * 9 + [0, -1, -1, 1, 2, 3],
	"H": [-1] * 8 + [0, -1, -1, 1, 2, 3, 5],
	"J": [-1] * 7 + [0, -1, -1, 1, 2, 3, 5, 8],
	"K": [-1] * 6 + [0, -1, -1, 1, 2, 3, 5, 8, 12],
	"L": [-1] * 5 + [0, -1, -1, 1, 2, 3, 5, 8, 12, 18],
	"M": [-1, -1, -1, -1, 0, -1, -1, 1, 2, 3, 5, 8, 12, 18, -1],
	"N": [-1, -1, -1, 0, -1, -1, 1, 2, 3, 5, 8, 12, 18, -1, -1],
	"P": [-1, -1, 0, -1, -1, 1, 2, 3, 5, 8, 12, 18, -1, -1, -1],
	"Q": [-1, 0, -1, -1, 1, 2, 3, 5, 8, 12, 18, -1, -1, -1, -1],
	"R": [0, -1, -1, 1, 2, 3, 5, 8, 12, 18, -1, -1, -1, -1, -1],
}
# Its RESOLVED_TIGHTENED (letter + Ac). Its own comment says the arrows were followed by a
# "nearest-anchor-in-column" algorithm, not read from the table; it sends the arrow cell just
# right of each Ac 0 plan up to that plan. The ASCII MIL-STD-105E table and the VB.NET table below
# both send it down to the Ac 1 plan; the module follows them. These are the cells (letter, AQL).
RESOLVED_TIGHTENED = {
	"A": "R0 Q0 P0 N0 M0 L0 K0 J0 H0 G0 F0 E0 D0 C0 B0",
	"B": "R0 Q0 P0 N0 M0 L0 K0 J0 H0 G0 F0 E0 D0 C0 B0",
	"C": "R0 Q0 P0 N0 M0 L0 K0 J0 H0 G0 F0 E0 D0 C0 B0",
	"D": "R0 Q0 P0 N0 M0 L0 K0 J0 H0 G0 F0 E0 D0 C0 E1",
	"E": "R0 Q0 P0 N0 M0 L0 K0 J0 H0 G0 F0 E0 D0 F1 E1",
	"F": "R0 Q0 P0 N0 M0 L0 K0 J0 H0 G0 F0 E0 G1 F1 F2",
	"G": "R0 Q0 P0 N0 M0 L0 K0 J0 H0 G0 F0 H1 G1 G2 G3",
	"H": "R0 Q0 P0 N0 M0 L0 K0 J0 H0 G0 J1 H1 H2 H3 H5",
	"J": "R0 Q0 P0 N0 M0 L0 K0 J0 H0 K1 J1 J2 J3 J5 J8",
	"K": "R0 Q0 P0 N0 M0 L0 K0 J0 L1 K1 K2 K3 K5 K8 K12",
	"L": "R0 Q0 P0 N0 M0 L0 K0 M1 L1 L2 L3 L5 L8 L12 L18",
	"M": "R0 Q0 P0 N0 M0 L0 N1 M1 M2 M3 M5 M8 M12 M18 L18",
	"N": "R0 Q0 P0 N0 M0 P1 N1 N2 N3 N5 N8 N12 N18 M18 L18",
	"P": "R0 Q0 P0 N0 Q1 P1 P2 P3 P5 P8 P12 P18 N18 M18 L18",
	"Q": "R0 Q0 P0 R1 Q1 Q2 Q3 Q5 Q8 Q12 Q18 P18 N18 M18 L18",
	"R": "R0 Q0 P0 R1 R2 R3 R5 R8 R12 R18 Q18 P18 N18 M18 L18",
}
TS_NEAREST_ANCHOR_UP = {
	("C", "6.5"),
	("D", "4.0"),
	("E", "2.5"),
	("F", "1.5"),
	("G", "1.0"),
	("H", "0.65"),
	("J", "0.40"),
	("K", "0.25"),
	("L", "0.15"),
	("M", "0.10"),
	("N", "0.065"),
	("P", "0.040"),
}

# A public VB.NET AQL module (classes NORMAL and QCStrict, rows written as
# aryAQL("6.5").Add("CDE", 1, 2)): per AQL, the code letters whose plan (arrows followed) has
# this Ac / Re. It also lists a letter S (n = 3150) under tightened inspection.
VB_NORMAL = {
	"0.010": "ABCDEFGHJKLMNPQR 0 1",
	"0.015": "ABCDEFGHJKLMNPQR 0 1",
	"0.025": "ABCDEFGHJKLMNP 0 1, QR 1 2",
	"0.040": "ABCDEFGHJKLMN 0 1, PQ 1 2, R 2 3",
	"0.065": "ABCDEFGHJKLM 0 1, NP 1 2, Q 2 3, R 3 4",
	"0.10": "ABCDEFGHJKL 0 1, MN 1 2, P 2 3, Q 3 4, R 5 6",
	"0.15": "ABCDEFGHJK 0 1, LM 1 2, N 2 3, P 3 4, Q 5 6, R 7 8",
	"0.25": "ABCDEFGHJ 0 1, KL 1 2, M 2 3, N 3 4, P 5 6, Q 7 8, R 10 11",
	"0.40": "ABCDEFGH 0 1, JK 1 2, L 2 3, M 3 4, N 5 6, P 7 8, Q 10 11, R 14 15",
	"0.65": "ABCDEFG 0 1, HJ 1 2, K 2 3, L 3 4, M 5 6, N 7 8, P 10 11, Q 14 15, R 21 22",
	"1.0": "ABCDEF 0 1, GH 1 2, J 2 3, K 3 4, L 5 6, M 7 8, N 10 11, P 14 15, QR 21 22",
	"1.5": "ABCDE 0 1, FG 1 2, H 2 3, J 3 4, K 5 6, L 7 8, M 10 11, N 14 15, PQR 21 22",
	"2.5": "ABCD 0 1, EF 1 2, G 2 3, H 3 4, J 5 6, K 7 8, L 10 11, M 14 15, NPQR 21 22",
	"4.0": "ABC 0 1, DE 1 2, F 2 3, G 3 4, H 5 6, J 7 8, K 10 11, L 14 15, MNPQR 21 22",
	"6.5": "AB 0 1, CD 1 2, E 2 3, F 3 4, G 5 6, H 7 8, J 10 11, K 14 15, LMNPQR 21 22",
}
VB_TIGHTENED = {
	"0.010": "ABCDEFGHJKLMNPQRS 0 1",
	"0.015": "ABCDEFGHJKLMNPQRS 0 1",
	"0.025": "ABCDEFGHJKLMNPQR 0 1, S 1 2",
	"0.040": "ABCDEFGHJKLMN 0 1, PQR 1 2",
	"0.065": "ABCDEFGHJKLM 0 1, NPQ 1 2, R 2 3",
	"0.10": "ABCDEFGHJKL 0 1, MNP 1 2, Q 2 3, R 3 4",
	"0.15": "ABCDEFGHJK 0 1, LMN 1 2, P 2 3, Q 3 4, R 5 6",
	"0.25": "ABCDEFGHJ 0 1, KLM 1 2, N 2 3, P 3 4, Q 5 6, R 8 9",
	"0.40": "ABCDEFGH 0 1, JKL 1 2, M 2 3, N 3 4, P 5 6, Q 8 9, R 12 13",
	"0.65": "ABCDEFG 0 1, HJK 1 2, L 2 3, M 3 4, N 5 6, P 8 9, Q 12 13, R 18 19",
	"1.0": "ABCDEF 0 1, GHJ 1 2, K 2 3, L 3 4, M 5 6, N 8 9, P 12 13, QR 18 19",
	"1.5": "ABCDE 0 1, FGH 1 2, J 2 3, K 3 4, L 5 6, M 8 9, N 12 13, PQR 18 19",
	"2.5": "ABCD 0 1, EFG 1 2, H 2 3, J 3 4, K 5 6, L 8 9, M 12 13, NPQR 18 19",
	"4.0": "ABC 0 1, DEF 1 2, G 2 3, H 3 4, J 5 6, K 8 9, L 12 13, MNPQR 18 19",
	"6.5": "AB 0 1, CDE 1 2, F 2 3, G 3 4, H 5 6, J 8 9, K 12 13, LMNPQR 18 19",
}

# MIL-STD-105E Table II-B as the ASCII "TABLE 1-B ... Single Tightened" of
# http://www.nibs.org/FMOC/DPW_AC/AC-TABLE.ASC draws it (the first eight cells of each row,
# columns .65 ... 15; the page as stored stops in row L): Re, "\\/" an arrow head down, "/\\" an
# arrow head up, "||" an arrow's shaft.
ASCII_105E_TIGHTENED = {
	"A": "|| || || || || \\/ || ||",
	"B": "|| || || || \\/ 1 || \\/",
	"C": "|| || || \\/ 1 || \\/ 2",
	"D": "|| || \\/ 1 || \\/ 2 3",
	"E": "|| \\/ 1 || \\/ 2 3 4",
	"F": "\\/ 1 || \\/ 2 3 4 6",
	"G": "1 || \\/ 2 3 4 6 9",
	"H": "|| \\/ 2 3 4 6 9 13",
	"J": "\\/ 2 3 4 6 9 13 19",
	"K": "2 3 4 6 9 13 19 /\\",
	"L": "3 4 6 9 13 19 /\\",
}
ASCII_TIGHTENED_AQLS = ["0.65", "1.0", "1.5", "2.5", "4.0", "6.5", "10", "15"]

# Table II-C (reduced), ISO 2859-1:1999 edition (no gap between Ac and Re), from three
# transcriptions typed here in their own notation, columns 0.010 ... 6.5.
#
# 1. The TypeScript AC_REDUCED ("Table 4 (Reduced)" of the same ISO PDF extraction, search store
#    id 59656971352): own-row Ac, -1 = an arrow cell (no direction).
TS_AC_REDUCED = {
	"A": [-1] * 14 + [0],
	"B": [-1] * 13 + [0, -1],
	"C": [-1] * 12 + [0, -1, -1],
	"D": [-1] * 11 + [0, -1, -1, -1],
	"E": [-1] * 10 + [0, -1, -1, -1, 1],
	"F": [-1] * 9 + [0, -1, -1, -1, 1, 2],
	"G": [-1] * 8 + [0, -1, -1, -1, 1, 2, 3],
	"H": [-1] * 7 + [0, -1, -1, -1, 1, 2, 3, 5],
	"J": [-1] * 6 + [0, -1, -1, -1, 1, 2, 3, 5, 6],
	"K": [-1] * 5 + [0, -1, -1, -1, 1, 2, 3, 5, 6, 8],
	"L": [-1] * 4 + [0, -1, -1, -1, 1, 2, 3, 5, 6, 8, 10],
	"M": [-1, -1, -1, 0, -1, -1, -1, 1, 2, 3, 5, 6, 8, 10, -1],
	"N": [-1, -1, 0, -1, -1, -1, 1, 2, 3, 5, 6, 8, 10, -1, -1],
	"P": [-1, 0, -1, -1, -1, 1, 2, 3, 5, 6, 8, 10, -1, -1, -1],
	"Q": [0, -1, -1, -1, 1, 2, 3, 5, 6, 8, 10, -1, -1, -1, -1],
	"R": [-1, -1, -1, 1, 2, 3, 5, 6, 8, 10, -1, -1, -1, -1, -1],
}
# Its RESOLVED_REDUCED (letter + Ac), arrows followed by the same "nearest-anchor-in-column"
# algorithm as RESOLVED_TIGHTENED: in the cells TS_NEAREST_ANCHOR_UP (two rows from the Ac 0 plan
# above and from the Ac 1 plan below) it goes up; the GB/T 2828.1 table points down.
RESOLVED_REDUCED = {
	"A": "Q0 P0 N0 M0 L0 K0 J0 H0 G0 F0 E0 D0 C0 B0 A0",
	"B": "Q0 P0 N0 M0 L0 K0 J0 H0 G0 F0 E0 D0 C0 B0 A0",
	"C": "Q0 P0 N0 M0 L0 K0 J0 H0 G0 F0 E0 D0 C0 B0 A0",
	"D": "Q0 P0 N0 M0 L0 K0 J0 H0 G0 F0 E0 D0 C0 B0 E1",
	"E": "Q0 P0 N0 M0 L0 K0 J0 H0 G0 F0 E0 D0 C0 F1 E1",
	"F": "Q0 P0 N0 M0 L0 K0 J0 H0 G0 F0 E0 D0 G1 F1 F2",
	"G": "Q0 P0 N0 M0 L0 K0 J0 H0 G0 F0 E0 H1 G1 G2 G3",
	"H": "Q0 P0 N0 M0 L0 K0 J0 H0 G0 F0 J1 H1 H2 H3 H5",
	"J": "Q0 P0 N0 M0 L0 K0 J0 H0 G0 K1 J1 J2 J3 J5 J6",
	"K": "Q0 P0 N0 M0 L0 K0 J0 H0 L1 K1 K2 K3 K5 K6 K8",
	"L": "Q0 P0 N0 M0 L0 K0 J0 M1 L1 L2 L3 L5 L6 L8 L10",
	"M": "Q0 P0 N0 M0 L0 K0 N1 M1 M2 M3 M5 M6 M8 M10 L10",
	"N": "Q0 P0 N0 M0 L0 P1 N1 N2 N3 N5 N6 N8 N10 M10 L10",
	"P": "Q0 P0 N0 M0 Q1 P1 P2 P3 P5 P6 P8 P10 N10 M10 L10",
	"Q": "Q0 P0 N0 R1 Q1 Q2 Q3 Q5 Q6 Q8 Q10 P10 N10 M10 L10",
	"R": "Q0 P0 N0 R1 R2 R3 R5 R6 R8 R10 Q10 P10 N10 M10 L10",
}
# 2. A GB/T 2828.1-2012 (the Chinese adoption, identical to ISO 2859-1:1999) TypeScript module,
#    MASTER_2C_RAW (store id 55307361509; "checked cell by cell against the standard's pages 21-23"
#    and, for AQL 0.65-6.5, against a hand transcription of the PDF; an earlier version of the same
#    project, store id 55300795326, had the VB.NET values below and was corrected): "plan letter,
#    n, Ac" after the arrows, Re = Ac + 1, its first fifteen columns.
GB_2C = {
	"A": "Q 500 0|P 315 0|N 200 0|M 125 0|L 80 0|K 50 0|J 32 0|H 20 0|G 13 0|F 8 0|E 5 0|D 3 0|C 2 0|B 2 0|A 2 0",
	"B": "Q 500 0|P 315 0|N 200 0|M 125 0|L 80 0|K 50 0|J 32 0|H 20 0|G 13 0|F 8 0|E 5 0|D 3 0|C 2 0|B 2 0|A 2 0",
	"C": "Q 500 0|P 315 0|N 200 0|M 125 0|L 80 0|K 50 0|J 32 0|H 20 0|G 13 0|F 8 0|E 5 0|D 3 0|C 2 0|B 2 0|E 5 1",
	"D": "Q 500 0|P 315 0|N 200 0|M 125 0|L 80 0|K 50 0|J 32 0|H 20 0|G 13 0|F 8 0|E 5 0|D 3 0|C 2 0|F 8 1|E 5 1",
	"E": "Q 500 0|P 315 0|N 200 0|M 125 0|L 80 0|K 50 0|J 32 0|H 20 0|G 13 0|F 8 0|E 5 0|D 3 0|G 13 1|F 8 1|E 5 1",
	"F": "Q 500 0|P 315 0|N 200 0|M 125 0|L 80 0|K 50 0|J 32 0|H 20 0|G 13 0|F 8 0|E 5 0|H 20 1|G 13 1|F 8 1|F 8 2",
	"G": "Q 500 0|P 315 0|N 200 0|M 125 0|L 80 0|K 50 0|J 32 0|H 20 0|G 13 0|F 8 0|J 32 1|H 20 1|G 13 1|G 13 2|G 13 3",
	"H": "Q 500 0|P 315 0|N 200 0|M 125 0|L 80 0|K 50 0|J 32 0|H 20 0|G 13 0|K 50 1|J 32 1|H 20 1|H 20 2|H 20 3|H 20 5",
	"J": "Q 500 0|P 315 0|N 200 0|M 125 0|L 80 0|K 50 0|J 32 0|H 20 0|L 80 1|K 50 1|J 32 1|J 32 2|J 32 3|J 32 5|J 32 6",
	"K": "Q 500 0|P 315 0|N 200 0|M 125 0|L 80 0|K 50 0|J 32 0|M 125 1|L 80 1|K 50 1|K 50 2|K 50 3|K 50 5|K 50 6|K 50 8",
	"L": "Q 500 0|P 315 0|N 200 0|M 125 0|L 80 0|K 50 0|N 200 1|M 125 1|L 80 1|L 80 2|L 80 3|L 80 5|L 80 6|L 80 8|L 80 10",
	"M": "Q 500 0|P 315 0|N 200 0|M 125 0|L 80 0|P 315 1|N 200 1|M 125 1|M 125 2|M 125 3|M 125 5|M 125 6|M 125 8|M 125 10|L 80 10",
	"N": "Q 500 0|P 315 0|N 200 0|M 125 0|Q 500 1|P 315 1|N 200 1|N 200 2|N 200 3|N 200 5|N 200 6|N 200 8|N 200 10|M 125 10|L 80 10",
	"P": "Q 500 0|P 315 0|N 200 0|R 800 1|Q 500 1|P 315 1|P 315 2|P 315 3|P 315 5|P 315 6|P 315 8|P 315 10|N 200 10|M 125 10|L 80 10",
	"Q": "Q 500 0|P 315 0|N 200 0|R 800 1|Q 500 1|Q 500 2|Q 500 3|Q 500 5|Q 500 6|Q 500 8|Q 500 10|P 315 10|N 200 10|M 125 10|L 80 10",
	"R": "Q 500 0|P 315 0|N 200 0|R 800 1|R 800 2|R 800 3|R 800 5|R 800 6|R 800 8|R 800 10|Q 500 10|P 315 10|N 200 10|M 125 10|L 80 10",
}
# 3. The VB.NET class Reduce (store id 36658975000), not followed: its Ac are those of the older
#    reduced table with the gap (MIL-STD-105E / Z1.4: 0/2, 1/3, 1/4, 2/5, 3/6, 5/8, 7/10, 10/13)
#    with Re = Ac + 1 (e.g. K / 6.5 7-8, where the two sources above have 8-9), at the row's own n.
VB_REDUCED = {
	"0.010": "ABCDEFGHJKLMNPQR 0 1",
	"0.015": "ABCDEFGHJKLMNPQR 0 1",
	"0.025": "ABCDEFGHJKLMNPQR 0 1",
	"0.040": "ABCDEFGHJKLMNPQ 0 1, R 1 2",
	"0.065": "ABCDEFGHJKLMNP 0 1, QR 1 2",
	"0.10": "ABCDEFGHJKLMN 0 1, PQ 1 2, R 2 3",
	"0.15": "ABCDEFGHJKLM 0 1, NP 1 2, Q 2 3, R 3 4",
	"0.25": "ABCDEFGHJKL 0 1, MN 1 2, P 2 3, Q 3 4, R 5 6",
	"0.40": "ABCDEFGHJK 0 1, LM 1 2, N 2 3, P 3 4, Q 5 6, R 7 8",
	"0.65": "ABCDEFGHJ 0 1, KL 1 2, M 2 3, N 3 4, P 5 6, Q 7 8, R 10 11",
	"1.0": "ABCDEFGH 0 1, JK 1 2, L 2 3, M 3 4, N 5 6, P 7 8, QR 10 11",
	"1.5": "ABCDEFG 0 1, HJ 1 2, K 2 3, L 3 4, M 5 6, N 7 8, PQR 10 11",
	"2.5": "ABCDEF 0 1, GH 1 2, J 2 3, K 3 4, L 5 6, M 7 8, NPQR 10 11",
	"4.0": "ABCDE 0 1, FG 1 2, H 2 3, J 3 4, K 5 6, L 7 8, MNPQR 10 11",
	"6.5": "ABCD 0 1, EF 1 2, G 2 3, H 3 4, J 5 6, K 7 8, LMNPQR 10 11",
}
# Reduced sample sizes A ... R: the VB.NET Reduce intSmpQty, and the same list in a GOST C# tool
# (arrLow, store id 45321362455), an ABNT NBR 5426 C# port (AmostraReduzidaPorLetra, 58788450957)
# and a MIL-STD-105E JavaScript table (SMP_R, 56780979895); GB_2C gives n per plan letter.
REDUCED_SAMPLE_SIZE = dict(
	zip(CODES, [2, 2, 2, 3, 5, 8, 13, 20, 32, 50, 80, 125, 200, 315, 500, 800], strict=True)
)


# ---- AQL 10, the one column above 6.5 encoded (ISO 2859-1 allows AQL <= 10 for percent
# nonconforming; 15 ... 1000 are for nonconformities per 100 units and are not encoded) ----

# 1. The GB/T 2828.1-2012 (= ISO 2859-1:1999) TypeScript module (store id 55307361509): the
#    sixteenth of the 26 columns of MASTER_2A_RAW, MASTER_2B_RAW and MASTER_2C_RAW, "plan letter, n,
#    Ac" after the arrows, rows A ... R.
GB_10 = {
	NORMAL_SEVERITY: "C 5 1|C 5 1|C 5 1|D 8 2|E 13 3|F 20 5|G 32 7|H 50 10|J 80 14|K 125 21|K 125 21|"
	"K 125 21|K 125 21|K 125 21|K 125 21|K 125 21",
	TIGHTENED: "A 2 0|D 8 1|D 8 1|D 8 1|E 13 2|F 20 3|G 32 5|H 50 8|J 80 12|K 125 18|K 125 18|K 125 18|"
	"K 125 18|K 125 18|K 125 18|K 125 18",
	REDUCED: "D 3 1|D 3 1|D 3 1|D 3 1|E 5 2|F 8 3|G 13 5|H 20 6|J 32 8|K 50 10|K 50 10|K 50 10|K 50 10|"
	"K 50 10|K 50 10|K 50 10",
}
# 2. A hand transcription of Tables 2-A, 2-B and 2-C of NTE INEN-ISO 2859-1 (Ecuador's adoption of
#    ISO 2859-1:1999), columns AQL 1.0, 4.0 and 10, in the test file tests/tablas_iso2859.test.js of
#    the public repository faustoaguanor/acceptance-sampling (store id 71459832291): per column,
#    rows A ... R, "v" an arrow down, "^" an arrow up, [Ac, Re] a printed plan.
D, U = "v", "^"
INEN = {
	NORMAL_SEVERITY: {
		"1.0": [
			D,
			D,
			D,
			D,
			[0, 1],
			U,
			D,
			[1, 2],
			[2, 3],
			[3, 4],
			[5, 6],
			[7, 8],
			[10, 11],
			[14, 15],
			[21, 22],
			U,
		],
		"4.0": [
			D,
			[0, 1],
			U,
			D,
			[1, 2],
			[2, 3],
			[3, 4],
			[5, 6],
			[7, 8],
			[10, 11],
			[14, 15],
			[21, 22],
			U,
			U,
			U,
			U,
		],
		"10": [D, D, [1, 2], [2, 3], [3, 4], [5, 6], [7, 8], [10, 11], [14, 15], [21, 22], U, U, U, U, U, U],
	},
	TIGHTENED: {
		"1.0": [D, D, D, D, D, [0, 1], D, D, [1, 2], [2, 3], [3, 4], [5, 6], [8, 9], [12, 13], [18, 19], U],
		"4.0": [D, D, [0, 1], D, D, [1, 2], [2, 3], [3, 4], [5, 6], [8, 9], [12, 13], [18, 19], U, U, U, U],
		"10": [[0, 1], D, D, [1, 2], [2, 3], [3, 4], [5, 6], [8, 9], [12, 13], [18, 19], U, U, U, U, U, U],
	},
	REDUCED: {
		"1.0": [D, D, D, D, [0, 1], U, D, D, [1, 2], [2, 3], [3, 4], [5, 6], [6, 7], [8, 9], [10, 11], U],
		"4.0": [D, [0, 1], U, D, D, [1, 2], [2, 3], [3, 4], [5, 6], [6, 7], [8, 9], [10, 11], U, U, U, U],
		"10": [D, D, D, [1, 2], [2, 3], [3, 4], [5, 6], [6, 7], [8, 9], [10, 11], U, U, U, U, U, U],
	},
}
# 3. MIL-STD-105E's Tables II-A and II-B as extracted from the PDF of its legible copy (numbers from
#    the text layer, arrows from the drawn shafts and heads) by tests/extract_mil105e.py into
#    tests/mil105e-legible.js of the public repository kotaooka/sampling-calc (store id
#    71261719226): plans[severity][letter] = 26 columns of [n, Ac, Re] after the arrows; its AQL 10
#    column, rows A ... R. (Its Table II-C is the older edition with a gap between Ac and Re.)
LEGIBLE_105E_10 = {
	NORMAL_SEVERITY: [[5, 1, 2]] * 3
	+ [[8, 2, 3], [13, 3, 4], [20, 5, 6], [32, 7, 8], [50, 10, 11], [80, 14, 15]]
	+ [[125, 21, 22]] * 7,
	TIGHTENED: [[8, 1, 2]] * 4
	+ [[13, 2, 3], [20, 3, 4], [32, 5, 6], [50, 8, 9], [80, 12, 13]]
	+ [[125, 18, 19]] * 7,
}
# Where the editions differ: at A / 10 of Table II-B, ISO 2859-1:1999 (GB/T 2828.1 and NTE
# INEN-ISO 2859-1 alike) prints a 0 / 1 plan at A's own n = 2; MIL-STD-105E (its legible copy and the
# ASCII drawing at nibs.org alike) has an arrow down to D's 1 / 2 (n = 8). The module follows ISO.
EDITIONS_DIFFER = {(TIGHTENED, "A", "10")}


def vb_plan(groups, letter):
	"""(Ac, Re) of the VB.NET group that lists the letter."""
	for group in groups.split(", "):
		letters, ac, re = group.split()
		if letter in letters:
			return int(ac), int(re)
	raise AssertionError(f"{letter} is in no group of {groups!r}")


def lot_sizes_of(low, high):
	return sorted({low, high, (low + high) // 2})


@pytest.mark.parametrize(("low", "high", "numbers"), LOT_RANGES)
def test_every_code_letter_cell_of_table_one(low, high, numbers):
	for level, number in zip(PORT_LEVELS, numbers, strict=True):
		for size in lot_sizes_of(low, high):
			assert code_letter(size, level) == CODES[number - 1], (size, level)


def test_the_levels_are_the_seven_of_the_standard():
	assert sorted(LEVELS) == sorted(PORT_LEVELS)


@pytest.mark.parametrize("letter", list(CODES))
def test_every_cell_of_the_normal_table_after_its_arrows(letter):
	for aql, cell in zip(TS_AQLS, RESOLVED[letter].split(), strict=True):
		assert resolve_arrows(letter, aql) == (cell[0], int(cell[1:])), (letter, aql)


def test_every_sample_size_per_code_letter():
	assert SAMPLE_SIZES == SAMPLE_SIZE


@pytest.mark.parametrize("letter", list(PORT_AC_N))
def test_the_printed_cells_agree_with_the_vba_port(letter):
	for aql, port in zip(PORT_AQLS, PORT_AC_N[letter], strict=True):
		if (letter, aql) in PORT_DISAGREES:
			assert (port, normal_cell(letter, aql)) == (-1, "^")
			continue
		expected = {-1: "v", -2: "^"}.get(port, str(port))
		assert normal_cell(letter, aql) == expected, (letter, aql)


@pytest.mark.parametrize("letter", list(GARMENT))
def test_the_numbered_cells_agree_with_garment_aql_calculator(letter):
	for aql, (ac, re) in GARMENT[letter].items():
		assert normal_cell(letter, aql) == str(ac) and re == ac + 1, (letter, aql)


@pytest.mark.parametrize("letter", list(ASCII_105E))
def test_the_cells_agree_with_the_mil_std_105e_ascii_table(letter):
	for aql, drawn in zip(ASCII_AQLS, ASCII_105E[letter].split(), strict=True):
		cell = normal_cell(letter, aql)
		if (letter, aql) in ASCII_DISAGREES:
			assert (drawn, cell) == ("/\\", "v"), (letter, aql)
		elif drawn == "||":
			assert cell in ("v", "^"), (letter, aql)
		else:
			arrows = {"\\/": "v", "/\\": "^"}
			assert cell == (arrows[drawn] if drawn in arrows else str(int(drawn) - 1)), (letter, aql)


def test_the_encoded_aql_columns_are_the_sources_columns():
	# the TypeScript and VB.NET tables stop at 6.5; AQL 10 rests on the sources of the "AQL 10" block
	assert list(AQLS) == [*TS_AQLS, "10"] == [*VB_NORMAL, "10"]
	assert list(TIGHTENED_AQLS) == list(AQLS[AQLS.index("0.040") :])
	assert list(REDUCED_AQLS) == list(AQLS) == [*VB_REDUCED, "10"]
	assert all("10" in INEN[severity] for severity in INEN) and set(GB_10) == set(INEN)


@pytest.mark.parametrize("letter", list(CODES))
def test_every_normal_cell_agrees_with_the_vb_net_table(letter):
	for aql, groups in VB_NORMAL.items():
		_, ac = resolve_arrows(letter, aql)
		assert (ac, ac + 1) == vb_plan(groups, letter), (letter, aql)


@pytest.mark.parametrize("letter", list(CODES))
def test_every_printed_tightened_number_agrees_with_the_typescript_extraction(letter):
	for aql, own in zip(TS_AQLS, TS_AC_TIGHTENED[letter], strict=True):
		if aql not in TIGHTENED_AQLS:
			continue
		cell = table_cell(letter, aql, TIGHTENED)
		if own >= 0:
			assert cell == str(own), (letter, aql)
		else:
			assert cell in ("v", "^"), (letter, aql)


@pytest.mark.parametrize("letter", list(CODES))
def test_every_tightened_cell_after_its_arrows_agrees_with_the_typescript_but_its_guessed_arrows(letter):
	for aql, cell in zip(TS_AQLS, RESOLVED_TIGHTENED[letter].split(), strict=True):
		if aql not in TIGHTENED_AQLS:
			continue
		plan_letter, ac = resolve_arrows(letter, aql, TIGHTENED)
		if (letter, aql) in TS_NEAREST_ANCHOR_UP:
			# the TypeScript goes up to the Ac 0 plan; the table's arrow points down to the Ac 1 plan
			assert (table_cell(letter, aql, TIGHTENED), int(cell[1:]), ac) == ("v", 0, 1), (letter, aql)
			assert LETTERS.index(plan_letter) > LETTERS.index(letter) > LETTERS.index(cell[0])
		else:
			assert (plan_letter, ac) == (cell[0], int(cell[1:])), (letter, aql)


@pytest.mark.parametrize("letter", list(CODES))
def test_every_tightened_cell_agrees_with_the_vb_net_table(letter):
	for aql, groups in VB_TIGHTENED.items():
		if aql not in TIGHTENED_AQLS:
			continue
		_, ac = resolve_arrows(letter, aql, TIGHTENED)
		assert (ac, ac + 1) == vb_plan(groups, letter), (letter, aql)


@pytest.mark.parametrize("letter", list(ASCII_105E_TIGHTENED))
def test_the_tightened_cells_agree_with_the_mil_std_105e_ascii_table(letter):
	rows = list(ASCII_105E_TIGHTENED)
	drawn_cells = ASCII_105E_TIGHTENED[letter].split()  # row L stops after 10
	for column, (aql, drawn) in enumerate(zip(ASCII_TIGHTENED_AQLS, drawn_cells, strict=False)):
		if aql not in TIGHTENED_AQLS:
			continue
		cell = table_cell(letter, aql, TIGHTENED)
		if drawn == "||":  # a shaft: the arrow's direction is the head drawn further down the column
			below = [ASCII_105E_TIGHTENED[r].split()[column] for r in rows[rows.index(letter) + 1 :]]
			head = next(d for d in below if d != "||")
			if (TIGHTENED, letter, aql) in EDITIONS_DIFFER:  # MIL-STD-105E: arrow down; ISO: 0 / 1
				assert (cell, head) == ("0", "\\/"), (letter, aql)
				continue
			assert (cell, head) == ("v", "\\/"), (letter, aql)
		else:
			arrows = {"\\/": "v", "/\\": "^"}
			assert cell == (arrows[drawn] if drawn in arrows else str(int(drawn) - 1)), (letter, aql)


def test_tightened_columns_left_out_give_a_clear_error():
	for aql in ("0.010", "0.015", "0.025"):
		with pytest.raises(InvalidInput, match=f"aql '{aql}' is not a column of ISO 2859-1 Table II-B"):
			sampling_plan(600_000, aql, "III", TIGHTENED)
		assert sampling_plan(600_000, aql, "III").aql == aql  # Table II-A has them


@pytest.mark.parametrize("severity", [NORMAL_SEVERITY, TIGHTENED, REDUCED])
def test_no_arrow_leads_off_its_table(severity):
	columns = {NORMAL_SEVERITY: AQLS, TIGHTENED: TIGHTENED_AQLS, REDUCED: REDUCED_AQLS}[severity]
	for letter in CODES:
		for aql in columns:
			cell = table_cell(letter, aql, severity)
			plan_letter, ac = resolve_arrows(letter, aql, severity)
			step = LETTERS.index(plan_letter) - LETTERS.index(letter)
			assert {"v": step > 0, "^": step < 0}.get(cell, step == 0 and int(cell) == ac), (letter, aql)
			assert table_cell(plan_letter, aql, severity) == str(ac)


# ISO 2859-1:1999 prints a 0 / 1 plan (n = 2) at A / 10 of Table II-B, where Table II-A sends A down
# to C's 1 / 2 (n = 5): the one cell whose tightened sample is smaller than the normal one. It still
# accepts no count of nonconforming items that the normal plan rejects (checked below).
SMALLER_TIGHTENED_SAMPLE = {("A", "10")}

tightened_lots = st.tuples(
	st.integers(2, 1_000_000), st.sampled_from(LEVELS), st.sampled_from(TIGHTENED_AQLS)
)


@settings(max_examples=400, deadline=None)
@given(tightened_lots)
def test_tightened_inspection_is_never_looser_than_normal(lot):
	lot_size, level, aql = lot
	normal = sampling_plan(lot_size, aql, level)
	tight = sampling_plan(lot_size, aql, level, TIGHTENED)
	assert tight.code_letter == normal.code_letter
	if (tight.code_letter, aql) in SMALLER_TIGHTENED_SAMPLE:
		assert (tight.plan_letter, SAMPLE_SIZES[tight.plan_letter], tight.acceptance_number) == ("A", 2, 0)
		assert (normal.plan_letter, normal.acceptance_number) == ("C", 1)
	else:
		assert tight.sample_size >= normal.sample_size
	assert tight.acceptance_number <= normal.acceptance_number
	assert tight.acceptance_number * normal.sample_size <= normal.acceptance_number * tight.sample_size
	assert tight.rejection_number == tight.acceptance_number + 1
	assert tight.full_inspection == (SAMPLE_SIZES[tight.plan_letter] >= lot_size)
	for d in range(tight.sample_size + 1):  # every count the tightened plan accepts, normal accepts
		assert not tight.accepts(d) or normal.accepts(d)


def test_a_tightened_plan_uses_the_normal_sample_size_of_its_letter():
	plan = sampling_plan(2400, "1.0", severity=TIGHTENED)  # K: n = 125, Ac 2 (normal K: 3)
	assert (plan.plan_letter, plan.sample_size, plan.acceptance_number, plan.rejection_number) == (
		"K",
		125,
		2,
		3,
	)
	plan = sampling_plan(20, "6.5", severity=TIGHTENED)  # C at 6.5: arrow down, twice, to E's 1 / 2
	assert (plan.code_letter, plan.plan_letter, plan.sample_size, plan.acceptance_number) == ("C", "E", 13, 1)
	plan = sampling_plan(10, "0.040", severity=TIGHTENED)  # B: down to N (n = 500) >= 10: all of it
	assert (plan.plan_letter, plan.sample_size, plan.full_inspection, plan.acceptance_number) == (
		"N",
		10,
		True,
		0,
	)


@pytest.mark.parametrize("letter", list(CODES))
def test_every_printed_reduced_cell_agrees_with_the_typescript_extraction(letter):
	for aql, own in zip(TS_AQLS, TS_AC_REDUCED[letter], strict=True):
		cell = table_cell(letter, aql, REDUCED)
		assert cell == str(own) if own >= 0 else cell in ("v", "^"), (letter, aql)


@pytest.mark.parametrize("letter", list(CODES))
def test_every_reduced_cell_after_its_arrows_agrees_with_the_gb_t_2828_table(letter):
	for aql, cell in zip(TS_AQLS, GB_2C[letter].split("|"), strict=True):
		plan_letter, n, ac = cell.split()
		assert resolve_arrows(letter, aql, REDUCED) == (plan_letter, int(ac)), (letter, aql)
		assert REDUCED_SAMPLE_SIZES[plan_letter] == int(n), (letter, aql)


@pytest.mark.parametrize("letter", list(CODES))
def test_every_reduced_cell_after_its_arrows_agrees_with_the_typescript_but_its_guessed_arrows(letter):
	for aql, cell in zip(TS_AQLS, RESOLVED_REDUCED[letter].split(), strict=True):
		plan_letter, ac = resolve_arrows(letter, aql, REDUCED)
		if (letter, aql) in TS_NEAREST_ANCHOR_UP:
			# the TypeScript goes up to the Ac 0 plan; the GB/T 2828.1 table points down to Ac 1
			assert (table_cell(letter, aql, REDUCED), int(cell[1:]), ac) == ("v", 0, 1), (letter, aql)
			assert LETTERS.index(plan_letter) > LETTERS.index(letter) > LETTERS.index(cell[0])
		else:
			assert (plan_letter, ac) == (cell[0], int(cell[1:])), (letter, aql)


def test_the_vb_net_reduced_table_has_the_older_acceptance_numbers_and_is_not_followed():
	differ = set()
	for aql, groups in VB_REDUCED.items():
		for letter in CODES:
			_, ac = resolve_arrows(letter, aql, REDUCED)
			vb_ac, vb_re = vb_plan(groups, letter)
			assert vb_re == vb_ac + 1 and vb_ac <= ac, (letter, aql)
			if vb_ac != ac:
				differ.add((letter, aql))
	assert len(differ) == 69
	assert {("K", "6.5"), ("K", "1.0"), ("C", "6.5")} <= differ
	assert vb_plan(VB_REDUCED["6.5"], "K") == (7, 8) and table_cell("K", "6.5", REDUCED) == "8"


def test_reduced_sample_sizes_are_the_sources_and_two_letters_back_on_the_normal_scale():
	assert REDUCED_SAMPLE_SIZES == REDUCED_SAMPLE_SIZE
	for index, letter in enumerate(CODES):
		assert REDUCED_SAMPLE_SIZES[letter] == SAMPLE_SIZE[CODES[max(index - 2, 0)]], letter


reduced_lots = st.tuples(st.integers(2, 1_000_000), st.sampled_from(LEVELS), st.sampled_from(REDUCED_AQLS))


@settings(max_examples=400, deadline=None)
@given(reduced_lots)
def test_reduced_inspection_samples_less_and_never_rejects_on_a_smaller_share(lot):
	lot_size, level, aql = lot
	normal = sampling_plan(lot_size, aql, level)
	reduced = sampling_plan(lot_size, aql, level, REDUCED)
	assert reduced.code_letter == normal.code_letter
	assert reduced.sample_size <= normal.sample_size
	assert reduced.acceptance_number <= normal.acceptance_number
	assert reduced.rejection_number == reduced.acceptance_number + 1
	n = REDUCED_SAMPLE_SIZES[reduced.plan_letter]
	assert reduced.full_inspection == (n >= lot_size)
	n_normal = SAMPLE_SIZES[normal.plan_letter]
	# it rejects only on at least the normal plan's share of its (smaller) sample: Re / n no smaller
	assert reduced.rejection_number * n_normal >= normal.rejection_number * n
	if reduced.acceptance_number:  # and accepts at least that share (Ac 0 plans accept no share)
		assert reduced.acceptance_number * n_normal >= normal.acceptance_number * n


def test_a_reduced_plan_uses_its_own_sample_size_and_arrows():
	plan = sampling_plan(2400, "6.5", severity=REDUCED)  # K: n = 50, 8 / 9 (normal K: 125, 14 / 15)
	assert (plan.plan_letter, plan.sample_size, plan.acceptance_number, plan.rejection_number) == (
		"K",
		50,
		8,
		9,
	)
	plan = sampling_plan(2400, "0.25", severity=REDUCED)  # K at 0.25: down twice, to M's 1 / 2
	assert (plan.plan_letter, plan.sample_size, plan.acceptance_number) == ("M", 125, 1)
	plan = sampling_plan(2400, "0.15", severity=REDUCED)  # K at 0.15: up, to J's 0 / 1
	assert (plan.plan_letter, plan.sample_size, plan.acceptance_number) == ("J", 32, 0)
	plan = sampling_plan(600_000, "0.025", "III", REDUCED)  # R at 0.025: up three rows, to N
	assert (plan.plan_letter, plan.sample_size, plan.acceptance_number) == ("N", 200, 0)
	plan = sampling_plan(8, "0.65", severity=REDUCED)  # A: down to F (n = 8) >= 8: all of it
	assert (plan.plan_letter, plan.sample_size, plan.full_inspection) == ("F", 8, True)


@pytest.mark.parametrize("severity", [NORMAL_SEVERITY, TIGHTENED, REDUCED])
def test_the_aql_10_column_after_its_arrows_agrees_with_the_gb_t_2828_table(severity):
	sizes = REDUCED_SAMPLE_SIZES if severity == REDUCED else SAMPLE_SIZES
	for letter, cell in zip(CODES, GB_10[severity].split("|"), strict=True):
		plan_letter, n, ac = cell.split()
		assert resolve_arrows(letter, "10", severity) == (plan_letter, int(ac)), (severity, letter)
		assert sizes[plan_letter] == int(n), (severity, letter)


@pytest.mark.parametrize("severity", [NORMAL_SEVERITY, TIGHTENED, REDUCED])
def test_the_printed_cells_agree_with_the_inen_iso_transcription(severity):
	for aql, column in INEN[severity].items():
		for letter, printed in zip(CODES, column, strict=True):
			cell = table_cell(letter, aql, severity)
			if printed in (D, U):
				assert cell == printed, (severity, aql, letter)
			else:
				assert [int(cell), int(cell) + 1] == printed, (severity, aql, letter)


@pytest.mark.parametrize("severity", list(LEGIBLE_105E_10))
def test_the_aql_10_column_agrees_with_the_mil_std_105e_legible_copy_but_where_the_editions_differ(severity):
	for letter, (n, ac, re) in zip(CODES, LEGIBLE_105E_10[severity], strict=True):
		plan_letter, our_ac = resolve_arrows(letter, "10", severity)
		ours = [SAMPLE_SIZES[plan_letter], our_ac, our_ac + 1]
		if (severity, letter, "10") in EDITIONS_DIFFER:
			assert (ours, [n, ac, re]) == ([2, 0, 1], [8, 1, 2]), (severity, letter)
		else:
			assert ours == [n, ac, re], (severity, letter)


def test_aql_10_plans_on_the_three_tables():
	def plan(lot_size, level, severity):
		p = sampling_plan(lot_size, "10", level, severity)
		return p.code_letter, p.plan_letter, p.sample_size, p.acceptance_number, p.rejection_number

	# K: its own plans, 21 / 22 normal, 18 / 19 tightened, 10 / 11 reduced on n = 50
	assert plan(2400, "II", NORMAL_SEVERITY) == ("K", "K", 125, 21, 22)
	assert plan(2400, "II", TIGHTENED) == ("K", "K", 125, 18, 19)
	assert plan(2400, "II", REDUCED) == ("K", "K", 50, 10, 11)
	# A (lot 5): normal goes down twice to C (n = 5: the whole lot), tightened has A's own 0 / 1,
	# reduced goes down three rows to D (n = 3)
	assert plan(5, "II", NORMAL_SEVERITY) == ("A", "C", 5, 1, 2)
	assert sampling_plan(5, "10").full_inspection
	assert plan(5, "II", TIGHTENED) == ("A", "A", 2, 0, 1)
	assert plan(5, "II", REDUCED) == ("A", "D", 3, 1, 2)
	# R: arrows up to K on every table
	assert plan(600_000, "III", NORMAL_SEVERITY) == ("R", "K", 125, 21, 22)
	assert plan(600_000, "III", TIGHTENED) == ("R", "K", 125, 18, 19)
	assert plan(600_000, "III", REDUCED) == ("R", "K", 50, 10, 11)


def test_aqls_above_10_are_not_encoded():
	for aql in ("15", "25", "1000"):
		for severity in (NORMAL_SEVERITY, TIGHTENED, REDUCED):
			with pytest.raises(InvalidInput, match=f"aql '{aql}' is not a column"):
				sampling_plan(2400, aql, severity=severity)


def test_garment_zero_cells_are_zero_or_arrows_in_the_table():
	for letter, aqls in GARMENT_ZERO_OR_ARROW.items():
		for aql in aqls:
			assert normal_cell(letter, aql) in ("0", "v", "^")


@pytest.mark.parametrize(
	("low", "high", "numbers"), [r for r in LOT_RANGES if r[0] >= 3201]
)  # big lots: no plan reaches the lot size
def test_plans_for_every_lot_range_level_and_aql(low, high, numbers):
	for level, number in zip(PORT_LEVELS, numbers, strict=True):
		letter = CODES[number - 1]
		for aql, cell in zip(TS_AQLS, RESOLVED[letter].split(), strict=True):
			plan = sampling_plan(low, aql, level)
			assert (plan.code_letter, plan.plan_letter, plan.acceptance_number) == (
				letter,
				cell[0],
				int(cell[1:]),
			)
			assert plan.sample_size == SAMPLE_SIZE[cell[0]] and not plan.full_inspection
			assert plan.rejection_number == plan.acceptance_number + 1


def test_an_arrow_down_takes_the_plan_below_with_its_sample_size():
	plan = sampling_plan(1000, "0.40")  # J at 0.40 is an arrow down: K, n = 125, Ac 1
	assert (plan.code_letter, plan.plan_letter, plan.sample_size, plan.acceptance_number) == (
		"J",
		"K",
		125,
		1,
	)


def test_an_arrow_up_takes_the_plan_above_with_its_sample_size():
	plan = sampling_plan(1000, "0.25")  # J at 0.25 is an arrow up: H, n = 50, Ac 0
	assert (plan.plan_letter, plan.sample_size, plan.acceptance_number, plan.rejection_number) == (
		"H",
		50,
		0,
		1,
	)
	plan = sampling_plan(600_000, "6.5", "III")  # R at 6.5: arrows up through Q, P, N, M to L's 21/22
	assert (plan.code_letter, plan.plan_letter, plan.sample_size, plan.acceptance_number) == (
		"R",
		"L",
		200,
		21,
	)


def test_a_sample_as_big_as_the_lot_means_inspecting_all_of_it():
	plan = sampling_plan(100, "0.10")  # F at 0.10 -> K (n = 125) >= 100
	assert (plan.plan_letter, plan.sample_size, plan.full_inspection, plan.acceptance_number) == (
		"K",
		100,
		True,
		0,
	)
	plan = sampling_plan(3, "6.5", "S-1")  # A: n = 2 < 3
	assert (plan.sample_size, plan.full_inspection) == (2, False)
	plan = sampling_plan(2, "6.5", "S-1")  # A: n = 2 = lot size
	assert (plan.sample_size, plan.full_inspection) == (2, True)


def test_accepts_compares_nonconforming_with_the_acceptance_number():
	plan = sampling_plan(2400, "2.5")
	assert plan.accepts(7) and not plan.accepts(8)


@pytest.mark.parametrize(
	("call", "words"),
	[
		(lambda: sampling_plan(100, "0.3"), ["aql '0.3'", "0.065", "6.5"]),
		(lambda: sampling_plan(100, 15), ["aql 15", "expected one of", "6.5, 10 (percent nonconforming)"]),
		(lambda: sampling_plan(1, "1.0"), ["lot size 1", ">= 2"]),
		(lambda: sampling_plan(True, "1.0"), ["lot size True"]),
		(lambda: sampling_plan(12.5, "1.0"), ["lot size 12.5"]),
		(lambda: sampling_plan(100, "1.0", "IV"), ["inspection level 'IV'", "S-1", "III"]),
		(lambda: sampling_plan(100, "1.0", severity="lenient"), ["severity 'lenient'", "normal"]),
		(lambda: sampling_plan(100, "0.025", severity=TIGHTENED), ["aql '0.025'", "II-B", "0.040", "6.5"]),
		(lambda: sampling_plan(100, "0.3", severity=REDUCED), ["aql '0.3'", "0.010", "6.5"]),
		(lambda: table_cell("A", "0.3", REDUCED), ["aql '0.3'", "expected one of"]),
		(lambda: table_cell("A", "1.0", "lenient"), ["severity 'lenient'", "normal"]),
		(lambda: normal_cell("I", "1.0"), ["code letter 'I'", "expected one of"]),
	],
)
def test_bad_input_names_the_input_and_what_was_expected(call, words):
	with pytest.raises(InvalidInput) as error:
		call()
	for word in words:
		assert word in str(error.value)


def test_aql_spellings_and_the_step_tighter():
	assert sampling_plan(2400, 1).aql == "1.0" and sampling_plan(2400, "0.1").aql == "0.10"
	assert [tighter_aql(a) for a in ("0.10", "0.25", "6.5", "0.065")] == ["0.065", "0.15", "4.0", "0.040"]
	assert [tighter_aql(a) for a in ("10", 10, "10.0")] == ["6.5"] * 3
	assert sampling_plan(2400, 10.0).aql == "10"
	assert tighter_aql("0.010") is None


# ---- switching rules ----

mostly = st.integers(0, 9).map(lambda n: n > 0)  # True 9 times in 10: long runs reach reduced
lots = st.builds(
	Lot,
	accepted=mostly,
	acceptance_number=st.integers(0, 5),
	accepted_one_step_tighter=mostly,
	production_steady=mostly,
	reduced_approved=st.booleans(),
	reinstate_normal=mostly.map(lambda b: not b),
)
rejecting = st.builds(Lot, accepted=st.booleans(), acceptance_number=st.integers(0, 3))
# mostly accepted lots reach reduced inspection; coin-flip lots reach discontinuation
histories = st.one_of(st.lists(lots, max_size=80), st.lists(rejecting, max_size=40))


def walk(history):
	"""(state before, lot, state after) for each lot until inspection is discontinued."""
	steps, state = [], START
	for lot in history:
		if state.severity == DISCONTINUED:
			break
		after = next_state(state, lot)
		steps.append((state, lot, after))
		state = after
	return steps


@settings(max_examples=300, deadline=None)
@given(histories)
def test_tightened_is_entered_exactly_when_two_of_the_last_five_on_normal_were_not_accepted(history):
	on_normal = []
	for before, lot, after in walk(history):
		if before.severity != NORMAL_SEVERITY:
			on_normal = []
			continue
		on_normal.append(lot.accepted)
		two_of_five = on_normal[-5:].count(False) >= 2
		assert (after.severity == TIGHTENED) == two_of_five
		if after.severity != NORMAL_SEVERITY:
			on_normal = []


@settings(max_examples=300, deadline=None)
@given(histories)
def test_five_accepted_in_a_row_on_tightened_return_to_normal_and_five_rejected_discontinue(history):
	run = rejected = 0
	for before, lot, after in walk(history):
		if before.severity != TIGHTENED:
			run = rejected = 0
			continue
		run = run + 1 if lot.accepted else 0
		rejected += not lot.accepted
		expected = NORMAL_SEVERITY if run == 5 else DISCONTINUED if rejected == 5 else TIGHTENED
		assert after.severity == expected
		assert after.not_accepted_on_tightened == (rejected if expected != NORMAL_SEVERITY else 0)


@settings(max_examples=300, deadline=None)
@given(histories)
def test_the_score_never_reduces_inspection_without_steady_production_and_approval(history):
	for before, lot, after in walk(history):
		if before.severity == NORMAL_SEVERITY and after.severity == REDUCED:
			assert lot.production_steady and lot.reduced_approved and lot.accepted
			gained = 2 if lot.acceptance_number <= 1 else 3
			assert before.switching_score + gained >= 30


@settings(max_examples=300, deadline=None)
@given(histories)
def test_reduced_returns_to_normal_on_a_lot_not_accepted_or_irregular_production(history):
	to_reduced = [Lot(accepted=True, acceptance_number=1, reduced_approved=True)] * 15
	assert state_after(to_reduced).severity == REDUCED
	for before, lot, after in walk(to_reduced + history):
		if before.severity == REDUCED:
			leaves = not lot.accepted or not lot.production_steady or lot.reinstate_normal
			assert after.severity == (NORMAL_SEVERITY if leaves else REDUCED)
			if leaves:
				assert after == START


@settings(max_examples=200, deadline=None)
@given(histories, histories)
def test_the_state_is_a_pure_function_of_the_lot_history(first, second):
	whole = [lot for _, lot, _ in walk(first + second)]
	head = [lot for _, lot, _ in walk(first)]
	assert state_after(whole) == state_after(whole)
	assert state_after(whole) == state_after(whole[len(head) :], state_after(head))


def approved(**fields):
	return Lot(production_steady=True, reduced_approved=True, **fields)


def test_the_score_reaches_30_after_15_accepted_lots_with_ac_0_or_1():
	lots_ = [approved(accepted=True, acceptance_number=1)] * 14
	assert state_after(lots_).switching_score == 28
	assert state_after([*lots_, approved(accepted=True, acceptance_number=0)]).severity == REDUCED


def test_the_score_adds_3_only_when_the_tighter_aql_would_have_accepted():
	tight = approved(accepted=True, acceptance_number=3, accepted_one_step_tighter=True)
	loose = approved(accepted=True, acceptance_number=3, accepted_one_step_tighter=False)
	assert state_after([tight] * 9).switching_score == 27
	assert state_after([tight] * 10).severity == REDUCED
	assert state_after([tight] * 9 + [loose]).switching_score == 0


def test_a_lot_not_accepted_resets_the_score_and_after_a_switch_it_starts_at_zero():
	accepted = approved(accepted=True, acceptance_number=1)
	rejected = Lot(accepted=False, acceptance_number=1)
	state = state_after([accepted] * 10 + [rejected])
	assert (state.severity, state.switching_score) == (NORMAL_SEVERITY, 0)
	back = state_after([rejected, rejected] + [accepted] * 5)
	assert (back.severity, back.switching_score, back.recent_on_normal) == (NORMAL_SEVERITY, 0, ())


def test_without_approval_the_score_keeps_growing_on_normal():
	state = state_after([Lot(accepted=True, acceptance_number=1)] * 20)
	assert (state.severity, state.switching_score) == (NORMAL_SEVERITY, 40)


def test_discontinued_inspection_refuses_lots_until_resumed_on_tightened():
	rejected = Lot(accepted=False)
	state = state_after([rejected] * 2 + [rejected, Lot(accepted=True)] * 4 + [rejected])
	assert (state.severity, state.not_accepted_on_tightened) == (DISCONTINUED, 5)
	with pytest.raises(InvalidInput, match="discontinued.*resume"):
		next_state(state, Lot(accepted=True))
	assert resume(state).severity == TIGHTENED and resume(state).not_accepted_on_tightened == 0
	with pytest.raises(InvalidInput, match="not discontinued"):
		resume(START)


def test_a_negative_acceptance_number_is_refused():
	with pytest.raises(InvalidInput, match="acceptance_number -1"):
		next_state(START, Lot(accepted=True, acceptance_number=-1))


def test_letters_and_sample_sizes_are_the_standards():
	assert "".join(LETTERS) == CODES
	assert [sampling_plan(600_000, "0.65", lvl).code_letter for lvl in ("I", "II", "III")] == ["N", "Q", "R"]
