"""Classify one scanned string for the mobile pages.

A scan is read, in this order of preference, as:

1. a storage-bin barcode (bin code + ISO 7064 MOD 37-2 check character);
2. a GS1 element string (GS1-128, GS1 DataMatrix, ...) carrying a GTIN or an
   SSCC, with batch (AI 10), expiry (AI 17), serial (AI 21) and count
   (AI 30 / 37) when present; also typed in human-readable form "(01)...(10)...";
3. a plain GTIN-8/12/13/14 (EAN/UPC) with a valid check digit;
4. a plain 18-digit SSCC with a valid check digit;
5. otherwise an item code or item barcode for the service to look up.

Parsing GS1 and GTINs is delegated to biip, which also strips a symbology
identifier such as ``]C1`` (GS1-128) or ``]d2`` (GS1 DataMatrix) and splits
fields at the FNC1 / GS separator (``\\x1d``). Like biip, the result never raises
for a bad scan: it says what matched and, for every other reading, why it
failed, so the handheld can tell the operator.

>>> r = classify_scan("]C10109501101530003172501011" "0ABC123\\x1d3012")
>>> r.kind, r.gtin, r.batch, r.expiry, r.qty
(<ScanKind.GS1: 'gs1'>, '09501101530003', 'ABC123', datetime.date(2025, 1, 1), 12)
>>> r = classify_scan("A-01-02-4Y")
>>> r.kind
<ScanKind.ITEM_CODE: 'item_code'>
>>> r.error_for(ScanKind.BIN)
"Bin barcode 'A-01-02-4Y' has check character 'Y' but 'A-01-02-4' needs 'W': the code was mistyped or misread; scan it again"
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from enum import Enum

import biip
from biip.gs1_messages import GS1Message
from biip.gtin import Gtin
from biip.symbology import GS1Symbology, SymbologyIdentifier
from biip.upc import Upc

from wms_module.core.bins import DEFAULT_CODE_FORMAT, BinCodeFormat, parse_bin_barcode
from wms_module.core.errors import InvalidInput


class ScanKind(str, Enum):
	BIN = "bin"
	GS1 = "gs1"
	GTIN = "gtin"
	SSCC = "sscc"
	ITEM_CODE = "item_code"
	EMPTY = "empty"


@dataclass(frozen=True)
class ScanError:
	"""Why the scan could not be read as ``reading``."""

	reading: ScanKind
	message: str


@dataclass(frozen=True)
class ScanResult:
	"""What a scan matched, the data it carried, and why the other readings failed."""

	value: str
	"""The scan as received, without surrounding whitespace."""
	kind: ScanKind
	symbology: str | None = None
	"""Symbology identifier the scanner sent, e.g. ``]C1``."""
	bin_code: str | None = None
	gtin: str | None = None
	"""GTIN-14 (zero-padded) when the scan carried a GTIN."""
	batch: str | None = None
	expiry: date | None = None
	qty: int | None = None
	sscc: str | None = None
	serial_no: str | None = None
	lookup_codes: tuple[str, ...] = ()
	"""Codes to look up as Item Barcode / item code, most specific first."""
	errors: tuple[ScanError, ...] = ()

	def error_for(self, reading: ScanKind) -> str | None:
		"""Why the scan is not a ``reading`` (None if it is, or was not tried)."""
		return next((e.message for e in self.errors if e.reading == reading), None)


_GS1_MESSAGE_SYMBOLOGIES = GS1Symbology.with_gs1_messages()
_EAN_UPC_SYMBOLOGIES = GS1Symbology.with_gtin()


def _gtin_codes(gtin: Gtin, scanned: str | None = None) -> tuple[str, ...]:
	"""The forms of one GTIN an Item Barcode table may hold: as scanned, GTIN-13, -14, -12, -8."""
	codes = [scanned] if scanned else []
	for encode in (gtin.as_gtin_13, gtin.as_gtin_14, gtin.as_gtin_12, gtin.as_gtin_8):
		try:
			codes.append(encode())
		except biip.EncodeError:
			continue
	return tuple(dict.fromkeys(codes))


def _split_symbology(value: str) -> tuple[str | None, str, str | None]:
	"""(symbology identifier, payload, error)."""
	if not value.startswith("]"):
		return None, value, None
	try:
		sid = SymbologyIdentifier.extract(value)
	except biip.ParseError as exc:
		return None, value, str(exc)
	except IndexError:  # biip 5.2 indexes past the end of a lone "]"
		return None, value, f"Failed to get Symbology Identifier from {value!r}: too short"
	return sid.value, value[len(sid) :], None


def _from_gs1(
	value: str, message: GS1Message, symbology: str | None, errors: list[ScanError], *, trusted: bool
) -> ScanResult | None:
	"""A GS1 result, or None (with the reason in ``errors``).

	``trusted``: the scanner said the symbol holds GS1 data (``]C1``, ``]d2``, ...).
	Otherwise the message must carry a GTIN or SSCC, so that an item code such as
	``10ABC`` is not taken for "batch ABC".
	"""
	strings = message.element_strings
	ai_00, ai_01, ai_02 = strings.get(ai="00"), strings.get(ai="01"), strings.get(ai="02")
	identifier = ai_01 or ai_02
	if identifier is not None and identifier.gtin is None:
		errors.append(ScanError(ScanKind.GS1, identifier.gtin_error or f"Invalid GTIN in {value!r}"))
		return None
	if ai_00 is not None and ai_00.sscc is None:
		errors.append(ScanError(ScanKind.GS1, ai_00.sscc_error or f"Invalid SSCC in {value!r}"))
		return None
	if identifier is None and ai_00 is None and not trusted:
		found = ", ".join(f"({e.ai.ai}) {e.value}" for e in strings)
		errors.append(
			ScanError(
				ScanKind.GS1,
				f"{value!r} reads as GS1 {found} but carries no GTIN (01/02) or SSCC (00); "
				"without a GS1 symbology identifier that is taken as an item code",
			)
		)
		return None
	batch, expiry, serial = strings.get(ai="10"), strings.get(ai="17"), strings.get(ai="21")
	count = strings.get(ai="30") or strings.get(ai="37")
	gtin = identifier.gtin if identifier is not None else None
	return ScanResult(
		value=value,
		kind=ScanKind.GS1,
		symbology=symbology,
		gtin=gtin.as_gtin_14() if gtin else None,
		batch=batch.value if batch else None,
		expiry=expiry.date if expiry else None,
		qty=int(count.value) if count else None,
		sscc=ai_00.sscc.value if ai_00 and ai_00.sscc else None,
		serial_no=serial.value if serial else None,
		lookup_codes=_gtin_codes(gtin) if gtin else (),
	)


def _not_tried(symbology: str | None, what: str) -> str:
	return f"The scanner reports symbology {symbology}, which does not carry {what}"


# long: the readings in their order of preference (module docstring), each falling through to the next
def classify_scan(
	value: str,
	*,
	bin_format: BinCodeFormat = DEFAULT_CODE_FORMAT,
	separator_chars: tuple[str, ...] = ("\x1d",),
) -> ScanResult:
	"""Read one scan; never raises for a bad scan (see the module docstring).

	``separator_chars``: what the scanner sends for FNC1 between GS1 fields; the
	ASCII group separator by default, some keyboard-wedge setups send e.g. ``|``.

	>>> classify_scan("4006381333931").lookup_codes
	('4006381333931', '04006381333931')
	>>> r = classify_scan("10ABC")
	>>> r.kind, r.lookup_codes
	(<ScanKind.ITEM_CODE: 'item_code'>, ('10ABC',))
	"""
	value = value.strip()
	if not value:
		return ScanResult(
			value=value, kind=ScanKind.EMPTY, errors=(ScanError(ScanKind.EMPTY, "The scan is empty"),)
		)
	symbology, payload, symbology_error = _split_symbology(value)
	if not payload:
		return ScanResult(
			value=value,
			kind=ScanKind.EMPTY,
			symbology=symbology,
			errors=(
				ScanError(ScanKind.EMPTY, f"The scan {value!r} holds no data after its symbology identifier"),
			),
		)
	errors: list[ScanError] = []

	def done(result: ScanResult) -> ScanResult:
		return replace(
			result, symbology=symbology, errors=tuple(e for e in errors if e.reading != result.kind)
		)

	# 1. storage bin
	try:
		bin_code = parse_bin_barcode(payload, bin_format)
	except InvalidInput as exc:
		errors.append(ScanError(ScanKind.BIN, str(exc)))
	else:
		return done(ScanResult(value=value, kind=ScanKind.BIN, bin_code=bin_code))

	# 2-4. biip: GS1 message, GTIN, SSCC
	parsed = None
	if symbology_error is None:
		try:
			parsed = biip.parse(value, config=biip.ParseConfig(separator_chars=separator_chars))
		except (
			biip.ParseError,
			ValueError,
			IndexError,
		) as exc:  # pragma: no cover - biip reports errors as data
			symbology_error = str(exc)
	if parsed is None:
		for reading in (ScanKind.GS1, ScanKind.GTIN, ScanKind.SSCC):
			errors.append(ScanError(reading, symbology_error or "not parsed"))
		return done(ScanResult(value=value, kind=ScanKind.ITEM_CODE, lookup_codes=(payload,)))

	gs1_symbology = parsed.symbology_identifier is not None and parsed.symbology_identifier.gs1_symbology
	message = parsed.gs1_message
	if message is None and payload.startswith("("):
		try:
			message = GS1Message.parse_hri(payload)
		except biip.ParseError as exc:
			errors.append(ScanError(ScanKind.GS1, str(exc)))
	elif message is None:
		errors.append(
			ScanError(ScanKind.GS1, parsed.gs1_message_error or _not_tried(symbology, "GS1 element strings"))
		)
	# the payload itself is a GTIN (biip also fills ``gtin`` from a GS1 message's AI 01);
	# a 6-7 digit UPC-E is only believed when the scanner says EAN/UPC, else it is an item code
	gtin = parsed.gtin
	ean_upc = gs1_symbology in _EAN_UPC_SYMBOLOGIES
	short_upc = payload.isdigit() and len(payload) in (6, 7)
	if gtin is None and ean_upc and short_upc:
		try:
			gtin = Gtin.parse(Upc.parse(payload).as_upc_a())
		except biip.ParseError as exc:
			errors.append(ScanError(ScanKind.GTIN, str(exc)))
	plain_gtin = (
		gtin is not None
		and payload.isdigit()
		and len(payload) in (6, 7, 8, 12, 13, 14)
		and (ean_upc or not short_upc)
	)
	if message is not None:
		if gs1_symbology in _GS1_MESSAGE_SYMBOLOGIES or not plain_gtin:
			result = _from_gs1(
				value, message, symbology, errors, trusted=gs1_symbology in _GS1_MESSAGE_SYMBOLOGIES
			)
			if result is not None:
				return done(result)
		else:
			found = ", ".join(f"({e.ai.ai}) {e.value}" for e in message.element_strings)
			errors.append(
				ScanError(ScanKind.GS1, f"{value!r} could be GS1 {found}, but is read as a plain GTIN")
			)

	if plain_gtin:
		return done(
			ScanResult(
				value=value,
				kind=ScanKind.GTIN,
				gtin=gtin.as_gtin_14(),
				lookup_codes=_gtin_codes(gtin, payload),
			)
		)
	if short_upc and parsed.upc is not None and not ean_upc:
		errors.append(
			ScanError(
				ScanKind.GTIN, f"{payload!r} is a valid UPC-E only if the scanner says so (symbology ]E0)"
			)
		)
	elif not any(e.reading == ScanKind.GTIN for e in errors):
		errors.append(ScanError(ScanKind.GTIN, parsed.gtin_error or _not_tried(symbology, "a bare GTIN")))

	if parsed.sscc is not None and payload.isdigit() and len(payload) == 18:
		return done(ScanResult(value=value, kind=ScanKind.SSCC, sscc=parsed.sscc.value))
	errors.append(ScanError(ScanKind.SSCC, parsed.sscc_error or _not_tried(symbology, "a bare SSCC")))

	return done(ScanResult(value=value, kind=ScanKind.ITEM_CODE, lookup_codes=(payload,)))
