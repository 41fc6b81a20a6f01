"""ISO 2859-1 (ANSI/ASQ Z1.4, MIL-STD-105E) single sampling by attributes: code letters, the
normal, tightened and reduced master tables with their arrows, and the switching rules between
normal, tightened and reduced inspection.

What this module holds, and where each part was checked (a cell is only encoded when two
public transcriptions agree on it; see docs/sampling.md):

* **Table I, sample size code letters**, every lot-size range x level (S-1, S-2, S-3, S-4, I,
  II, III): the PyPI package ``garment-aql-calculator`` 1.0.0 (``_SAMPLE_SIZE_CODE_LETTERS``)
  and the ``LOT_CODE`` table of a public GitHub port of an Excel AQL calculator
  (``src/lib/aqlIso2859.js``, "ANSI/ASQ Z1.4 — port Excel VBA modula") agree on all 105
  cells. A third public transcription (a TypeScript ``CODE_LETTER_TABLE`` extracted from an
  ISO 2859-1 PDF) disagrees in the S-3 and S-4 columns from 91-150 upwards; it is the odd one
  out and is not followed.
* **Sample size per code letter** (A 2 ... R 2000): all the sources above agree. Table II-B
  uses the same sample size per code letter (every source).
* **Table II-A, normal inspection**, code letters A-R x AQL 0.010 ... 6.5 (fifteen columns,
  Re = Ac + 1 in every cell): transcribed from the TypeScript tables ``AC_NORMAL`` /
  ``RESOLVED_NORMAL`` (two extractions, an xlsx export and the ISO PDF, that agree cell by
  cell), checked against the VBA port's ``AC_N`` (rows A-L, arrows and their directions
  included; that port has no 0.15 column and its rows M-R are shifted, so it is not used
  there) and against ``garment-aql-calculator``'s ``_TABLE_B`` (every cell that is a number in
  the standard, AQL 0.65-6.5, rows A-R; that package writes 0/1 over arrows, so its arrow cells
  are not used), against MIL-STD-105E's Table II-A as drawn in ASCII in
  http://www.nibs.org/FMOC/DPW_AC/AC-TABLE.ASC ("TABLE 1-A ... developed from MIL-STD-105E
  using TABLE I ... and TABLE II-A"): rows A-Q x AQL 0.65-6.5, numbers and arrow directions,
  and against a public VB.NET AQL module (class ``NORMAL``: per AQL the code letters whose plan,
  arrows followed, has a given Ac / Re) in all 240 cells, which is what the columns 0.010-0.040
  rest on besides the TypeScript (its plan letters there follow from the VB.NET Ac: the arrow
  right of an Ac 0 plan gives Ac 0 upwards, Ac 1 downwards, and no arrow may leave the table).
  One disagreement: the VBA port has an arrow down at L / 0.10, the TypeScript extractions an
  arrow up (to K's 0/1, n = 125); the module follows the arrow up, which the VB.NET table (Ac 0
  at L / 0.10) and the pattern of every other row share.
* **AQL 10** (the one column above 6.5; ISO 2859-1 allows AQLs up to 10 for percent
  nonconforming), in all three tables, rows A-R: the GB/T 2828.1-2012 TypeScript module's
  ``MASTER_2A_RAW`` / ``MASTER_2B_RAW`` / ``MASTER_2C_RAW`` (their sixteenth of 26 columns, after
  the arrows) and a hand transcription of NTE INEN-ISO 2859-1 (Ecuador's adoption of ISO
  2859-1:1999) Tables 2-A, 2-B and 2-C, columns 1.0, 4.0 and 10, printed cells with their arrows
  (``tests/tablas_iso2859.test.js`` of the public repository faustoaguanor/acceptance-sampling)
  agree on all 48 cells. Tables II-A and II-B are also checked against MIL-STD-105E as extracted
  from the PDF of its legible copy (numbers from the text layer, arrows from the drawn vectors:
  ``tests/mil105e-legible.js`` of kotaooka/sampling-calc) and against the ASCII drawing at nibs.org
  (rows A-Q normal, A-L tightened). Every cell agrees but two: at A / 10 of Table II-A the ASCII
  drawing has an arrow head up in the top row, with no plan above it; every other source goes down
  twice, to C's 1/2 (n = 5), which the module follows. At A / 10 of Table II-B the editions differ:
  ISO 2859-1:1999 (GB/T and INEN-ISO alike) prints a 0/1 plan at A's own n = 2, MIL-STD-105E (its
  legible copy and the ASCII drawing alike) an arrow down to D's 1/2 (n = 8); the module follows
  ISO 2859-1. That is the one cell where a tightened sample is smaller than the normal one for the
  same lot (2 against 5; it still accepts no count the normal plan rejects). Table II-C at 10 has
  only the two ISO transcriptions (the MIL-STD-105E ones have the older gap between Ac and Re).
* **Table II-B, tightened inspection**, code letters A-R x AQL 0.040 ... 6.5 (twelve columns,
  Re = Ac + 1): the numbers of the TypeScript ``AC_TIGHTENED`` ("Table 3 (Tightened)" of the same
  ISO PDF extraction), the VB.NET class ``QCStrict`` (every cell, arrows followed) and the
  MIL-STD-105E ASCII "TABLE 1-B ... Single Tightened" at nibs.org (rows A-L x 0.65-6.5, arrow
  heads and shafts) agree. Arrow directions: both arrow cells between a row's Ac 0 and Ac 1 plans
  point down in the ASCII table (a shaft over a head) and in the VB.NET table (Ac 1); the
  TypeScript's ``RESOLVED_TIGHTENED`` sends the first of them up, but by its own comment it
  followed the arrows with a "nearest-anchor-in-column" algorithm, not from the table, so it is
  not a source for directions (12 cells, C / 6.5 down the diagonal to P / 0.040).
* **Table II-C, reduced inspection**, ISO 2859-1:1999 edition (its foreword: "reduced plans
  have been changed to eliminate the gap between the acceptance and rejection numbers", so
  Re = Ac + 1; MIL-STD-105E / Z1.4 keep the gap), code letters A-R x AQL 0.010 ... 6.5, with its
  own sample sizes (A 2, B 2, C 2, D 3 ... R 800: the letter two steps back on Table II-A's
  scale); the column 10 is described above. Two independent transcriptions agree on all 240
  printed cells of the columns 0.010-6.5 (which are numbers, which
  arrows, every Ac): the TypeScript ``AC_REDUCED`` ("Table 4 (Reduced)" of the ISO PDF extraction)
  and ``MASTER_2C_RAW`` of a GB/T 2828.1-2012 TypeScript module (the Chinese adoption, identical
  to ISO 2859-1:1999; checked there against the standard's page and, for AQL 0.65-6.5, against a
  hand transcription of it), which also gives every cell after its arrows (plan letter, n, Ac)
  and so the arrow directions: between a row's Ac 0 and Ac 1 plans one arrow up, then two down.
  The TypeScript's ``RESOLVED_REDUCED`` sends the middle one of those up (12 cells, C / 6.5 down
  the diagonal to P / 0.040) by the same "nearest-anchor-in-column" algorithm as its tightened
  table (both plans are two rows away there); the module follows the GB/T table, the one source
  read from the printed arrows. A third transcription, the VB.NET class ``Reduce``, is not
  followed: its Ac are the older gap table's (0/2, 1/3, 1/4, 2/5, 3/6, 5/8, 7/10, 10/13 read as
  Ac with Re = Ac + 1; e.g. K / 6.5 7-8 where the two others have 8-9), 69 cells lower; the GB/T
  module itself first had those values and corrected them from the standard.
* **Not encoded**: Table II-B at AQL 0.010-0.025 (the standards print a code letter S, n = 3150,
  there: the VB.NET table shows it with Ac 1 at 0.025, the TypeScript has no S row, and whether
  Q and R point up or down to it cannot be settled); the AQL columns above 10 (15 ... 1000): they
  are for nonconformities per 100 units (Ac up to 44), not the nonconforming units the app counts,
  and of Table II-C's only the GB/T module transcribes the 1999 edition. :func:`sampling_plan`
  says so instead of guessing.

Arrow rules (ISO 2859-1 / MIL-STD-105E, note under Tables II): "Use first sampling plan below
arrow. If sample size equals, or exceeds, lot or batch size, do 100 percent inspection" and
"Use first sampling plan above arrow"; the plan found gives the sample size as well as Ac/Re.

>>> plan = sampling_plan(2400, "2.5")
>>> plan.code_letter, plan.sample_size, plan.acceptance_number, plan.rejection_number
('K', 125, 7, 8)
>>> plan = sampling_plan(2400, "0.25")  # K at 0.25 is an arrow down: L's plan, n = 200
>>> plan.plan_letter, plan.sample_size, plan.acceptance_number
('L', 200, 1)
>>> plan = sampling_plan(50, "0.065")  # arrow down to L: n = 200 >= 50, so inspect 100 %
>>> plan.sample_size, plan.full_inspection, plan.acceptance_number
(50, True, 0)
>>> plan = sampling_plan(2400, 10)  # K at AQL 10: 21 / 22 on 125
>>> plan.aql, plan.sample_size, plan.acceptance_number, plan.rejection_number
('10', 125, 21, 22)

Switching rules (checked against https://aqlrule.com/manual/switch.html, which quotes
ANSI/ASQ Z1.4-2003 and ISO 2859-1, https://www.sqconline.com/switching-rules-iso-2859-1, and the
MIL-STD-105E text of 4.7 / 8.3-8.4 at http://www.altius-chinaservices.cn/column.asp?id=14 and
text-id.123dok.com: "8.4 DISCONTINUATION OF INSPECTION. If the cumulative number of lots not
accepted in a sequence of consecutive lots on tightened inspection reaches 5, the acceptance
procedures of this standard shall be discontinued ... Tightened inspection shall then be used as
if 8.3.1 had been invoked"):

* normal -> tightened: "tightened inspection shall be instituted when 2 out of 5 (or fewer)
  consecutive lots or batches have been non-acceptable on original inspection";
* tightened -> normal: "normal inspection shall be instituted when 5 consecutive lots or
  batches have been considered acceptable on original inspection";
* normal -> reduced (ISO 2859-1:1999 switching score): "The switching score shall be set at zero
  at the start and updated following the inspection of each subsequent lot on original normal
  inspection"; per lot: Ac 0 or 1: +2 if the lot is accepted, else back to 0; Ac >= 2: +3 if
  the lot would have been accepted had the AQL been one step tighter, else back to 0 (this
  +2/+3 detail is from the issue's brief; the public pages read quote only the score's start
  and "Switching score value is at least 30"); reduced when the score reaches 30 AND
  production is at a steady rate AND reduced inspection is considered desirable by the
  responsible authority (the last two are inputs, :class:`Lot` fields);
* reduced -> normal: "1 batch not accepted" (sqconline), or production irregular or other
  conditions that warrant it (input);
* discontinue: "If the cumulative number of lots not accepted in a sequence of consecutive
  lots on original tightened inspection reaches 5, the acceptance procedures ... shall not be
  resumed until action has been taken by the supplier" (aqlrule, ISO 2859-1 wording);
  :func:`resume` restarts on tightened inspection.

>>> history = [Lot(accepted=True, acceptance_number=1)] * 3 + [Lot(accepted=False)] * 2
>>> state_after(history).severity
'tightened'
>>> state_after(history + [Lot(accepted=True)] * 5).severity
'normal'
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from wms_module.core.errors import InvalidInput

LEVELS = ("S-1", "S-2", "S-3", "S-4", "I", "II", "III")

# Table I. Each row: (lowest lot size, highest lot size or None, code letters in LEVELS order).
CODE_LETTERS = (
	(2, 8, "AAAAAAB"),
	(9, 15, "AAAAABC"),
	(16, 25, "AABBBCD"),
	(26, 50, "ABBCCDE"),
	(51, 90, "BBCCCEF"),
	(91, 150, "BBCDDFG"),
	(151, 280, "BCDEEGH"),
	(281, 500, "BCDEFHJ"),
	(501, 1200, "CCEFGJK"),
	(1201, 3200, "CDEGHKL"),
	(3201, 10000, "CDFGJLM"),
	(10001, 35000, "CDFHKMN"),
	(35001, 150000, "DEGJLNP"),
	(150001, 500000, "DEGJMPQ"),
	(500001, None, "DEHKNQR"),
)

SAMPLE_SIZES = {
	"A": 2,
	"B": 3,
	"C": 5,
	"D": 8,
	"E": 13,
	"F": 20,
	"G": 32,
	"H": 50,
	"J": 80,
	"K": 125,
	"L": 200,
	"M": 315,
	"N": 500,
	"P": 800,
	"Q": 1250,
	"R": 2000,
}
LETTERS = tuple(SAMPLE_SIZES)

# The AQL columns of Table II-A as encoded here (percent nonconforming: 0.010 ... 10, the columns
# ISO 2859-1 allows for it); Table II-B has its own (TIGHTENED_AQLS), Table II-C the same as II-A
# (REDUCED_AQLS).
AQLS = (
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
	"10",
)

# Table II-A (normal inspection), one row per code letter, one cell per AQL in AQLS: the
# acceptance number Ac (Re = Ac + 1), "v" = use the first plan below the arrow, "^" = use the
# first plan above it. Right of a row's Ac 0 plan comes an arrow up, then an arrow down; in row A,
# with no row above, both point down (A / 10 -> C's 1 / 2).
NORMAL = {
	"A": "v  v  v  v  v  v  v  v  v  v  v  v  v  v  0  v",
	"B": "v  v  v  v  v  v  v  v  v  v  v  v  v  0  ^  v",
	"C": "v  v  v  v  v  v  v  v  v  v  v  v  0  ^  v  1",
	"D": "v  v  v  v  v  v  v  v  v  v  v  0  ^  v  1  2",
	"E": "v  v  v  v  v  v  v  v  v  v  0  ^  v  1  2  3",
	"F": "v  v  v  v  v  v  v  v  v  0  ^  v  1  2  3  5",
	"G": "v  v  v  v  v  v  v  v  0  ^  v  1  2  3  5  7",
	"H": "v  v  v  v  v  v  v  0  ^  v  1  2  3  5  7  10",
	"J": "v  v  v  v  v  v  0  ^  v  1  2  3  5  7  10 14",
	"K": "v  v  v  v  v  0  ^  v  1  2  3  5  7  10 14 21",
	"L": "v  v  v  v  0  ^  v  1  2  3  5  7  10 14 21 ^",
	"M": "v  v  v  0  ^  v  1  2  3  5  7  10 14 21 ^  ^",
	"N": "v  v  0  ^  v  1  2  3  5  7  10 14 21 ^  ^  ^",
	"P": "v  0  ^  v  1  2  3  5  7  10 14 21 ^  ^  ^  ^",
	"Q": "0  ^  v  1  2  3  5  7  10 14 21 ^  ^  ^  ^  ^",
	"R": "^  ^  1  2  3  5  7  10 14 21 ^  ^  ^  ^  ^  ^",
}

# Table II-B (tightened inspection): the same code letters and sample sizes, Re = Ac + 1, its own
# AQL columns (0.010 ... 0.025 are left out: see the module docstring). Unlike Table II-A, both
# arrow cells between a row's Ac 0 and Ac 1 plans point down. A / 10 is ISO 2859-1's 0 / 1 plan
# (MIL-STD-105E has an arrow down there: see the module docstring).
TIGHTENED_AQLS = AQLS[AQLS.index("0.040") :]
TIGHTENED_TABLE = {
	"A": "v  v  v  v  v  v  v  v  v  v  v  v  0",
	"B": "v  v  v  v  v  v  v  v  v  v  v  0  v",
	"C": "v  v  v  v  v  v  v  v  v  v  0  v  v",
	"D": "v  v  v  v  v  v  v  v  v  0  v  v  1",
	"E": "v  v  v  v  v  v  v  v  0  v  v  1  2",
	"F": "v  v  v  v  v  v  v  0  v  v  1  2  3",
	"G": "v  v  v  v  v  v  0  v  v  1  2  3  5",
	"H": "v  v  v  v  v  0  v  v  1  2  3  5  8",
	"J": "v  v  v  v  0  v  v  1  2  3  5  8  12",
	"K": "v  v  v  0  v  v  1  2  3  5  8  12 18",
	"L": "v  v  0  v  v  1  2  3  5  8  12 18 ^",
	"M": "v  0  v  v  1  2  3  5  8  12 18 ^  ^",
	"N": "0  v  v  1  2  3  5  8  12 18 ^  ^  ^",
	"P": "v  v  1  2  3  5  8  12 18 ^  ^  ^  ^",
	"Q": "v  1  2  3  5  8  12 18 ^  ^  ^  ^  ^",
	"R": "1  2  3  5  8  12 18 ^  ^  ^  ^  ^  ^",
}

# Table II-C (reduced inspection) as ISO 2859-1:1999 prints it (no gap: Re = Ac + 1), the same
# sixteen AQL columns as Table II-A. It has its own, smaller, sample size per code letter (the letter
# two steps back on Table II-A's scale, 2 at the least), and three arrow cells between a row's Ac 0
# and Ac 1 plans: the first points up, the other two down (in row A, with no row above, all three
# point down).
REDUCED_AQLS = AQLS
REDUCED_SAMPLE_SIZES = {
	"A": 2,
	"B": 2,
	"C": 2,
	"D": 3,
	"E": 5,
	"F": 8,
	"G": 13,
	"H": 20,
	"J": 32,
	"K": 50,
	"L": 80,
	"M": 125,
	"N": 200,
	"P": 315,
	"Q": 500,
	"R": 800,
}
REDUCED_TABLE = {
	"A": "v  v  v  v  v  v  v  v  v  v  v  v  v  v  0  v",
	"B": "v  v  v  v  v  v  v  v  v  v  v  v  v  0  ^  v",
	"C": "v  v  v  v  v  v  v  v  v  v  v  v  0  ^  v  v",
	"D": "v  v  v  v  v  v  v  v  v  v  v  0  ^  v  v  1",
	"E": "v  v  v  v  v  v  v  v  v  v  0  ^  v  v  1  2",
	"F": "v  v  v  v  v  v  v  v  v  0  ^  v  v  1  2  3",
	"G": "v  v  v  v  v  v  v  v  0  ^  v  v  1  2  3  5",
	"H": "v  v  v  v  v  v  v  0  ^  v  v  1  2  3  5  6",
	"J": "v  v  v  v  v  v  0  ^  v  v  1  2  3  5  6  8",
	"K": "v  v  v  v  v  0  ^  v  v  1  2  3  5  6  8  10",
	"L": "v  v  v  v  0  ^  v  v  1  2  3  5  6  8  10 ^",
	"M": "v  v  v  0  ^  v  v  1  2  3  5  6  8  10 ^  ^",
	"N": "v  v  0  ^  v  v  1  2  3  5  6  8  10 ^  ^  ^",
	"P": "v  0  ^  v  v  1  2  3  5  6  8  10 ^  ^  ^  ^",
	"Q": "0  ^  ^  v  1  2  3  5  6  8  10 ^  ^  ^  ^  ^",
	"R": "^  ^  ^  1  2  3  5  6  8  10 ^  ^  ^  ^  ^  ^",
}

NORMAL_SEVERITY = "normal"
TIGHTENED = "tightened"
REDUCED = "reduced"
DISCONTINUED = "discontinued"
SEVERITIES = (NORMAL_SEVERITY, TIGHTENED, REDUCED)

SCORE_TO_REDUCE = 30
LOTS_TO_NORMAL = 5
REJECTED_TO_DISCONTINUE = 5


@dataclass(frozen=True)
class SamplingPlan:
	"""The plan for one lot: ``code_letter`` from Table I, ``plan_letter`` whose plan applies
	after following the arrows, the sample size to draw (the lot size when ``full_inspection``)
	and the acceptance / rejection numbers."""

	code_letter: str
	plan_letter: str
	aql: str
	sample_size: int
	acceptance_number: int
	rejection_number: int
	full_inspection: bool

	def accepts(self, nonconforming: int) -> bool:
		"""Whether a sample with this many nonconforming items accepts the lot."""
		return nonconforming <= self.acceptance_number


def code_letter(lot_size: int, level: str = "II") -> str:
	"""Table I: the sample size code letter for a lot size and an inspection level.

	>>> code_letter(2400), code_letter(2400, "S-3"), code_letter(8, "III")
	('K', 'E', 'B')
	"""
	column = _level_column(level)
	size = _lot_size(lot_size)
	for low, high, letters in CODE_LETTERS:
		if low <= size and (high is None or size <= high):
			return letters[column]
	raise AssertionError("Table I covers every lot size from 2")  # pragma: no cover


def normalize_aql(aql) -> str:
	"""The AQL as spelled in :data:`AQLS` ("1" and 1.0 are "1.0"); an AQL outside the encoded
	columns of Table II-A is an error naming them."""
	key = _aql_key(aql)
	if key is None:
		raise InvalidInput(
			f"aql {aql!r} is not a column of ISO 2859-1 Table II-A as encoded here; expected one of "
			f"{', '.join(AQLS)} (percent nonconforming)"
		)
	return key


def tighter_aql(aql) -> str | None:
	"""The AQL one step tighter in the standard's series (for the switching score), or None.

	>>> tighter_aql("1.0"), tighter_aql(0.065), tighter_aql("0.010")
	('0.65', '0.040', None)
	"""
	index = AQLS.index(normalize_aql(aql))
	return AQLS[index - 1] if index else None


def table_cell(letter: str, aql, severity: str = NORMAL_SEVERITY) -> str:
	"""The printed cell of the severity's master table (II-A normal, II-B tightened, II-C
	reduced): an acceptance number, "v" or "^".

	>>> table_cell("K", "6.5"), table_cell("K", "6.5", TIGHTENED), table_cell("K", "6.5", REDUCED)
	('14', '12', '8')
	"""
	name, columns, rows, _ = _table(severity)
	if letter not in rows:
		raise InvalidInput(f"code letter {letter!r} is unknown; expected one of {', '.join(LETTERS)}")
	key = normalize_aql(aql)
	if key not in columns:
		raise InvalidInput(
			f"aql {aql!r} is not a column of ISO 2859-1 Table {name} ({severity} inspection) as encoded "
			f"here; expected one of {', '.join(columns)} (percent nonconforming)"
		)
	return rows[letter].split()[columns.index(key)]


def normal_cell(letter: str, aql) -> str:
	"""The printed cell of Table II-A: an acceptance number, "v" or "^"."""
	return table_cell(letter, aql, NORMAL_SEVERITY)


def resolve_arrows(letter: str, aql, severity: str = NORMAL_SEVERITY) -> tuple[str, int]:
	"""Follow the arrows of the severity's master table from a cell to the plan that applies:
	(its letter, Ac).

	>>> resolve_arrows("B", "6.5"), resolve_arrows("C", "6.5"), resolve_arrows("A", "0.065")
	(('A', 0), ('D', 1), ('L', 0))
	>>> resolve_arrows("C", "6.5", TIGHTENED), resolve_arrows("R", "6.5", TIGHTENED)
	(('E', 1), ('L', 18))
	>>> resolve_arrows("K", "0.15", REDUCED), resolve_arrows("K", "0.25", REDUCED)
	(('J', 0), ('M', 1))
	"""
	cell = table_cell(letter, aql, severity)
	row = LETTERS.index(letter)
	for _ in LETTERS:  # an arrow never points past the table nor back (tested for every cell)
		if cell not in ("v", "^"):
			return LETTERS[row], int(cell)
		row += 1 if cell == "v" else -1
		if not 0 <= row < len(LETTERS):
			break
		cell = table_cell(LETTERS[row], aql, severity)
	raise AssertionError(f"Table {_table(severity)[0]}: the arrow at {letter} / {aql} leads to no plan")


def sampling_plan(lot_size: int, aql, level: str = "II", severity: str = NORMAL_SEVERITY) -> SamplingPlan:
	"""The single sampling plan for a lot: Table I, then the master table of the severity (II-A
	normal, II-B tightened, II-C reduced) with its arrows and its sample size per code letter;
	100 % inspection when the plan's sample size reaches the lot size.

	>>> plan = sampling_plan(2400, "2.5", severity=TIGHTENED)  # K: n = 125, Ac 5 (normal: 7)
	>>> plan.sample_size, plan.acceptance_number, plan.rejection_number
	(125, 5, 6)
	>>> plan = sampling_plan(2400, "6.5", severity=REDUCED)  # K: n = 50, Ac 8 (normal: 125, 14)
	>>> plan.sample_size, plan.acceptance_number, plan.rejection_number
	(50, 8, 9)
	"""
	letter = code_letter(lot_size, level)
	key = normalize_aql(aql)
	plan_letter, ac = resolve_arrows(letter, key, severity)
	n = _table(severity)[3][plan_letter]  # II-B: II-A's sample sizes; II-C: its own
	full = n >= lot_size
	return SamplingPlan(letter, plan_letter, key, lot_size if full else n, ac, ac + 1, full)


@dataclass(frozen=True)
class Lot:
	"""One lot's outcome on original inspection, as the switching rules read it.

	``acceptance_number``: the Ac of the plan used (counts on normal inspection);
	``accepted_one_step_tighter``: for Ac >= 2, whether the lot would have been accepted had
	the AQL been one step tighter; ``production_steady`` and ``reduced_approved``: the two
	conditions besides the score for normal -> reduced (and an unsteady production returns
	reduced to normal); ``reinstate_normal``: other conditions that warrant normal inspection
	while on reduced."""

	accepted: bool
	acceptance_number: int = 0
	accepted_one_step_tighter: bool = False
	production_steady: bool = True
	reduced_approved: bool = False
	reinstate_normal: bool = False


@dataclass(frozen=True)
class SwitchingState:
	"""Where one (supplier, item) stands: the severity, the last (up to 5) lots on normal
	inspection since it started, the consecutive lots accepted and the lots not accepted on
	tightened inspection, and the switching score."""

	severity: str = NORMAL_SEVERITY
	recent_on_normal: tuple[bool, ...] = ()
	accepted_in_a_row: int = 0
	not_accepted_on_tightened: int = 0
	switching_score: int = 0


START = SwitchingState()


def next_state(state: SwitchingState, lot: Lot) -> SwitchingState:
	"""The state after one more lot (original inspection only; resubmitted lots do not count)."""
	if state.severity == NORMAL_SEVERITY:
		return _after_normal(state, lot)
	if state.severity == TIGHTENED:
		return _after_tightened(state, lot)
	if state.severity == REDUCED:
		stays = lot.accepted and lot.production_steady and not lot.reinstate_normal
		return state if stays else START
	raise InvalidInput(
		f"state {state.severity!r}: inspection is discontinued after {REJECTED_TO_DISCONTINUE} lots not "
		"accepted on tightened inspection; expected resume() once the supplier has acted and the "
		"responsible authority agrees"
	)


def state_after(history: Iterable[Lot], state: SwitchingState = START) -> SwitchingState:
	"""The state after a sequence of lots, oldest first (a pure function of the history)."""
	for lot in history:
		state = next_state(state, lot)
	return state


def resume(state: SwitchingState) -> SwitchingState:
	"""Resume a discontinued inspection: ISO 2859-1 restarts it on tightened inspection."""
	if state.severity != DISCONTINUED:
		raise InvalidInput(f"state {state.severity!r} is not discontinued; expected 'discontinued' to resume")
	return SwitchingState(severity=TIGHTENED)


def score_after(score: int, lot: Lot) -> int:
	"""ISO 2859-1:1999 switching score after one lot on normal inspection.

	>>> score_after(4, Lot(accepted=True, acceptance_number=1))
	6
	>>> score_after(27, Lot(accepted=True, acceptance_number=3, accepted_one_step_tighter=True))
	30
	>>> score_after(27, Lot(accepted=True, acceptance_number=3))
	0
	"""
	if lot.acceptance_number < 0:
		raise InvalidInput(f"acceptance_number {lot.acceptance_number} is negative; expected 0 or more")
	if lot.acceptance_number <= 1:
		return score + 2 if lot.accepted else 0
	return score + 3 if lot.accepted and lot.accepted_one_step_tighter else 0


def _after_normal(state: SwitchingState, lot: Lot) -> SwitchingState:
	recent = (*state.recent_on_normal, lot.accepted)[-5:]
	if recent.count(False) >= 2:
		return SwitchingState(severity=TIGHTENED)
	score = score_after(state.switching_score, lot)
	if score >= SCORE_TO_REDUCE and lot.production_steady and lot.reduced_approved:
		return SwitchingState(severity=REDUCED)
	return replace(state, recent_on_normal=recent, switching_score=score)


def _after_tightened(state: SwitchingState, lot: Lot) -> SwitchingState:
	if lot.accepted:
		in_a_row = state.accepted_in_a_row + 1
		if in_a_row >= LOTS_TO_NORMAL:
			return START
		return replace(state, accepted_in_a_row=in_a_row)
	rejected = state.not_accepted_on_tightened + 1
	severity = DISCONTINUED if rejected >= REJECTED_TO_DISCONTINUE else TIGHTENED
	return replace(state, severity=severity, accepted_in_a_row=0, not_accepted_on_tightened=rejected)


def _level_column(level: str) -> int:
	if level not in LEVELS:
		raise InvalidInput(f"inspection level {level!r} is unknown; expected one of {', '.join(LEVELS)}")
	return LEVELS.index(level)


def _lot_size(lot_size) -> int:
	if isinstance(lot_size, bool) or not isinstance(lot_size, int) or lot_size < 2:
		raise InvalidInput(f"lot size {lot_size!r} is not a whole number of at least 2; expected an int >= 2")
	return lot_size


ENCODED_SEVERITIES = (NORMAL_SEVERITY, TIGHTENED, REDUCED)
"""The severities whose master table is encoded (all three: II-A, II-B, II-C); callers that kept
reduced inspection off while Table II-C was not encoded read this."""


def _table(severity: str) -> tuple[str, tuple[str, ...], dict[str, str], dict[str, int]]:
	"""(table name, its AQL columns, its rows, its sample size per code letter)."""
	if severity == NORMAL_SEVERITY:
		return "II-A", AQLS, NORMAL, SAMPLE_SIZES
	if severity == TIGHTENED:
		return "II-B", TIGHTENED_AQLS, TIGHTENED_TABLE, SAMPLE_SIZES
	if severity == REDUCED:
		return "II-C", REDUCED_AQLS, REDUCED_TABLE, REDUCED_SAMPLE_SIZES
	raise InvalidInput(f"severity {severity!r} is unknown; expected one of {', '.join(SEVERITIES)}")


def _aql_key(aql) -> str | None:
	try:
		value = Decimal(str(aql).strip())
	except (InvalidOperation, ValueError):
		return None
	return next((key for key in AQLS if Decimal(key) == value), None)
