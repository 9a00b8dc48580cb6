#!/usr/bin/env python3
"""Derives the nibble tables of the vector-permute SM4 S-box in src/sm4_sbox.rs.

    python3 scripts/gen-sm4-vperm.py          # prints the Rust constants
    python3 scripts/gen-sm4-vperm.py --check  # only the checks

Method (Hamburg, "Accelerating AES with vector permute instructions", CHES 2009):

1. SM4's S-box is affine-equivalent to inversion in GF(2^8) = GF(2)[X]/(X^8+X^7+X^6+X^5+X^4+X^2+1):
   S(x) = A·I(A·x ⊕ c) ⊕ c, A the circulant matrix whose rows are rotations of 0xA7, c = 0xD3.
   This is checked against the S-box table for all 256 inputs below.
2. GF(2^8) is mapped isomorphically onto the tower GF(16)[t]/(t^2 + ζt + ζ), GF(16) =
   GF(2)[y]/(y^4+y+1); an element k + i·t is the byte (i << 4) | k.
3. Inversion of k + i·t, with j = i ⊕ k and N = k^2 + ζik + ζi^2 its norm, goes through
       iak = 1/i ⊕ ζ/k,   jak = 1/j ⊕ ζ/k,   io = 1/iak ⊕ j = N/(k + ζi),   jo = 1/jak ⊕ i = N/(k + ζj)
   and (k + i·t)^-1 = u + w·t with u = 1/io, w = (ζ^-1 + ζ^-2)·u + ζ^-2/jo: GF(2)-linear in
   1/io and 1/jo, so the output tables F(io), G(jo) absorb the reciprocal, the basis change and A.
   Division by zero yields the marker 0x80 ("infinity"); wasm's i8x16.swizzle returns 0 for any
   index >= 16, which is exactly the right continuation (1/inf = 0) at every later lookup.
4. The whole 16-lane algorithm is simulated below with swizzle's exact semantics and compared with
   the S-box table for all 256 inputs.
"""
import sys

SBOX = [
    0xd6, 0x90, 0xe9, 0xfe, 0xcc, 0xe1, 0x3d, 0xb7, 0x16, 0xb6, 0x14, 0xc2, 0x28, 0xfb, 0x2c, 0x05,
    0x2b, 0x67, 0x9a, 0x76, 0x2a, 0xbe, 0x04, 0xc3, 0xaa, 0x44, 0x13, 0x26, 0x49, 0x86, 0x06, 0x99,
    0x9c, 0x42, 0x50, 0xf4, 0x91, 0xef, 0x98, 0x7a, 0x33, 0x54, 0x0b, 0x43, 0xed, 0xcf, 0xac, 0x62,
    0xe4, 0xb3, 0x1c, 0xa9, 0xc9, 0x08, 0xe8, 0x95, 0x80, 0xdf, 0x94, 0xfa, 0x75, 0x8f, 0x3f, 0xa6,
    0x47, 0x07, 0xa7, 0xfc, 0xf3, 0x73, 0x17, 0xba, 0x83, 0x59, 0x3c, 0x19, 0xe6, 0x85, 0x4f, 0xa8,
    0x68, 0x6b, 0x81, 0xb2, 0x71, 0x64, 0xda, 0x8b, 0xf8, 0xeb, 0x0f, 0x4b, 0x70, 0x56, 0x9d, 0x35,
    0x1e, 0x24, 0x0e, 0x5e, 0x63, 0x58, 0xd1, 0xa2, 0x25, 0x22, 0x7c, 0x3b, 0x01, 0x21, 0x78, 0x87,
    0xd4, 0x00, 0x46, 0x57, 0x9f, 0xd3, 0x27, 0x52, 0x4c, 0x36, 0x02, 0xe7, 0xa0, 0xc4, 0xc8, 0x9e,
    0xea, 0xbf, 0x8a, 0xd2, 0x40, 0xc7, 0x38, 0xb5, 0xa3, 0xf7, 0xf2, 0xce, 0xf9, 0x61, 0x15, 0xa1,
    0xe0, 0xae, 0x5d, 0xa4, 0x9b, 0x34, 0x1a, 0x55, 0xad, 0x93, 0x32, 0x30, 0xf5, 0x8c, 0xb1, 0xe3,
    0x1d, 0xf6, 0xe2, 0x2e, 0x82, 0x66, 0xca, 0x60, 0xc0, 0x29, 0x23, 0xab, 0x0d, 0x53, 0x4e, 0x6f,
    0xd5, 0xdb, 0x37, 0x45, 0xde, 0xfd, 0x8e, 0x2f, 0x03, 0xff, 0x6a, 0x72, 0x6d, 0x6c, 0x5b, 0x51,
    0x8d, 0x1b, 0xaf, 0x92, 0xbb, 0xdd, 0xbc, 0x7f, 0x11, 0xd9, 0x5c, 0x41, 0x1f, 0x10, 0x5a, 0xd8,
    0x0a, 0xc1, 0x31, 0x88, 0xa5, 0xcd, 0x7b, 0xbd, 0x2d, 0x74, 0xd0, 0x12, 0xb8, 0xe5, 0xb4, 0xb0,
    0x89, 0x69, 0x97, 0x4a, 0x0c, 0x96, 0x77, 0x7e, 0x65, 0xb9, 0xf1, 0x09, 0xc5, 0x6e, 0xc6, 0x84,
    0x18, 0xf0, 0x7d, 0xec, 0x3a, 0xdc, 0x4d, 0x20, 0x79, 0xee, 0x5f, 0x3e, 0xd7, 0xcb, 0x39, 0x48,
]

INF = 0x80  # the "1/0" marker: any swizzle index >= 16 reads 0


def die(msg):
    sys.stderr.write("gen-sm4-vperm: " + msg + "\n")
    sys.exit(1)


def check(cond, msg):
    if not cond:
        die("check failed: " + msg)


# --- GF(2^n) arithmetic ---------------------------------------------------------------------------
def gmul(a, b, poly, n):
    r = 0
    while b:
        if b & 1:
            r ^= a
        b >>= 1
        a <<= 1
        if a >> n:
            a ^= poly
    return r


def ginv(a, poly, n):
    if a == 0:
        return 0
    return next(b for b in range(1, 1 << n) if gmul(a, b, poly, n) == 1)


P8 = 0x1F5  # X^8+X^7+X^6+X^5+X^4+X^2+1
P4 = 0x13  # y^4+y+1


def mul8(a, b):
    return gmul(a, b, P8, 8)


def inv8(a):
    return ginv(a, P8, 8)


def mul4(a, b):
    return gmul(a, b, P4, 4)


def inv4(a):
    return ginv(a, P4, 4)


# --- GF(2) linear maps on bytes: a map is the list of images of the 8 basis bits -------------------
def apply(m, x):
    r = 0
    for b in range(8):
        if (x >> b) & 1:
            r ^= m[b]
    return r


def rotl8(x, n):
    n %= 8
    return ((x << n) | (x >> (8 - n))) & 0xFF


def parity(x):
    return bin(x).count("1") & 1


# --- 1. the affine decomposition ------------------------------------------------------------------
# Output bit r (bit 0 = least significant) = parity(rotl(0xA7, r) & x): the circulant matrix of
# the SM4 literature (with its rows written most-significant-bit first it is circulant in 0xCB).
def circulant(row):
    cols = []
    for b in range(8):
        y = 0
        for r in range(8):
            if (rotl8(row, r) >> b) & 1:
                y |= 1 << r
        cols.append(y)
    return cols


A = circulant(0xA7)
C = 0xD3
INV8 = [inv8(a) for a in range(256)]
check(all(apply(A, INV8[apply(A, x) ^ C]) ^ C == SBOX[x] for x in range(256)),
      "S(x) = A·I(A·x ^ 0xD3) ^ 0xD3 does not reproduce the S-box")

# --- 2. the tower field and the isomorphism -------------------------------------------------------
# ζ: t^2 + ζt + ζ irreducible over GF(16) <=> Tr(1/ζ) = 1. Take the smallest such ζ.


def tr4(a):
    s, x = 0, a
    for _ in range(4):
        s ^= x
        x = mul4(x, x)
    return s


ZETA = next(z for z in range(1, 16) if tr4(inv4(z)) == 1)


def tmul(a, b):
    """(k1 + i1 t)(k2 + i2 t), t^2 = ζt + ζ."""
    k1, i1, k2, i2 = a & 15, a >> 4, b & 15, b >> 4
    ii = mul4(i1, i2)
    k = mul4(k1, k2) ^ mul4(ZETA, ii)
    i = mul4(k1, i2) ^ mul4(i1, k2) ^ mul4(ZETA, ii)
    return (i << 4) | k


def tpow(a, e):
    r = 1
    for _ in range(e):
        r = tmul(r, a)
    return r


# A root α of the SM4 polynomial in the tower; ψ(X^b) = α^b.
def sm4_poly_at(a):
    r = 0
    for e in (8, 7, 6, 5, 4, 2, 0):
        r ^= tpow(a, e)
    return r


ALPHA = next(a for a in range(2, 256) if sm4_poly_at(a) == 0)
PSI = [tpow(ALPHA, b) for b in range(8)]
PSI_INV = [0] * 8
for b in range(8):
    PSI_INV[b] = next(x for x in range(256) if apply(PSI, x) == 1 << b)
check(all(apply(PSI, mul8(a, b)) == tmul(apply(PSI, a), apply(PSI, b))
          for a in range(256) for b in range(256)), "psi is not multiplicative")
check(sorted(apply(PSI, x) for x in range(256)) == list(range(256)), "psi is not bijective")

# --- 3. the tables ---------------------------------------------------------------------------------
# Input: y = ψ(A·x ⊕ c) = ψA(x_lo) ⊕ ψA(x_hi << 4) ⊕ ψ(c).
PSIA = [apply(PSI, A[b]) for b in range(8)]
IPT_LO = [apply(PSIA, n) ^ apply(PSI, C) for n in range(16)]
IPT_HI = [apply(PSIA, n << 4) for n in range(16)]
INV = [INF] + [inv4(v) for v in range(1, 16)]  # 1/v
INVZ = [INF] + [mul4(ZETA, inv4(v)) for v in range(1, 16)]  # ζ/v
Z1 = inv4(ZETA)
Z2 = mul4(Z1, Z1)


def out_byte(tower):
    return apply(A, apply(PSI_INV, tower))


# u = 1/io contributes u + (ζ^-1 + ζ^-2)·u·t; 1/jo contributes ζ^-2·(1/jo)·t. Index 0 never occurs
# for a finite io/jo (both are N/(…) with N != 0), so its entry is arbitrary: 0.
OUT_IO = [0] + [out_byte((mul4(Z1 ^ Z2, inv4(v)) << 4) | inv4(v)) for v in range(1, 16)]
OUT_JO = [0] + [out_byte(mul4(Z2, inv4(v)) << 4) for v in range(1, 16)]


# --- 4. simulate the SIMD algorithm with swizzle's semantics -------------------------------------
def swz(table, idx):
    return table[idx] if idx < 16 else 0


def vperm(x):
    lo, hi = x & 15, x >> 4
    y = swz(IPT_LO, lo) ^ swz(IPT_HI, hi)
    k, i = y & 15, y >> 4
    j = i ^ k
    ak = swz(INVZ, k)
    iak = swz(INV, i) ^ ak
    jak = swz(INV, j) ^ ak
    io = swz(INV, iak) ^ j
    jo = swz(INV, jak) ^ i
    return swz(OUT_IO, io) ^ swz(OUT_JO, jo) ^ C


check(all(vperm(x) == SBOX[x] for x in range(256)), "the vperm algorithm does not reproduce the S-box")


def rust(name, t, doc):
    return "/// {}\nconst {}: v128 = u8x16(\n    {},\n);".format(
        doc, name, ", ".join("0x{:02x}".format(v) for v in t))


if __name__ == "__main__":
    sys.stderr.write("ok: S = A·I(A·x^0xD3)^0xD3; tower zeta=0x{:x}, alpha=0x{:02x}; vperm == SBOX "
                     "for all 256 inputs\n".format(ZETA, ALPHA))
    if "--check" not in sys.argv:
        print("// Generated by scripts/gen-sm4-vperm.py (zeta = 0x{:x}, alpha = 0x{:02x}).".format(ZETA, ALPHA))
        print(rust("IPT_LO", IPT_LO, "ψ(A·x ⊕ c) for the low nibble of x (c folded in here)."))
        print(rust("IPT_HI", IPT_HI, "ψ(A·x) for the high nibble of x."))
        print(rust("INV", INV, "1/v in GF(16); 1/0 = 0x80."))
        print(rust("INVZ", INVZ, "ζ/v in GF(16); ζ/0 = 0x80."))
        print(rust("OUT_IO", OUT_IO, "A·ψ⁻¹ of the inverse's part carried by io."))
        print(rust("OUT_JO", OUT_JO, "A·ψ⁻¹ of the inverse's part carried by jo."))
