;; POLYVAL (RFC 8452 §3) in constant time, for src/polyval.ts.
;;
;; Build: `pnpm build:wasm` compiles this file into src/polyval-wasm.ts (the bytes, base64);
;; test/polyval-wasm.test.ts recompiles it and fails if the two differ.
;;
;; Memory layout (one 64 KiB page, its maximum: it cannot grow, so the caller's view of it stays
;; valid and there is one fixed region to zero; the caller zeroes what it wrote after each call):
;;   [0, 16)   the key H, little-endian
;;   [16, 32)  the accumulator S, carried between calls so long inputs go in chunks
;;   [32, ...) the input blocks
;;
;; POLYVAL's field is GF(2)[x] / (x^128 + x^127 + x^126 + x^121 + 1) with little-endian bit
;; order (bit i of the 128-bit little-endian integer is the coefficient of x^i), and
;; dot(a, b) = a * b * x^-128. Each block: S = dot(S xor X, H).
;;
;; Constant time: no branch and no memory address depends on the key or the data, only on the
;; block count. Carry-less multiplication is done with ordinary integer multiplication
;; (i64.mul: `imul` on x86-64, `mul` on arm64, whose timing does not depend on the operands)
;; on operands with "holes", as in BearSSL's ghash_ctmul64.c (Thomas Pornin): no table lookups.
(module
  (memory (export "memory") 1 1)

  ;; Low 64 bits of the carry-less product x * y. Each operand is split into four
  ;; interleaved parts that keep one bit of every four (masks 0x1111..., 0x2222..., 0x4444...,
  ;; 0x8888...). An integer product of two such parts puts its terms on one residue class of
  ;; bit positions mod 4, and at most 16 terms fall on any position below 64; a sum only
  ;; reaches 16 (the first value that carries into the next position of the class) at
  ;; positions 60-63, whose carry leaves the 64-bit word. So masking each product sum back to
  ;; its residue class leaves exactly the XOR of the terms.
  (func $clmul_lo (param $x i64) (param $y i64) (result i64)
    (local $x0 i64) (local $x1 i64) (local $x2 i64) (local $x3 i64)
    (local $y0 i64) (local $y1 i64) (local $y2 i64) (local $y3 i64)
    (local.set $x0 (i64.and (local.get $x) (i64.const 0x1111111111111111)))
    (local.set $x1 (i64.and (local.get $x) (i64.const 0x2222222222222222)))
    (local.set $x2 (i64.and (local.get $x) (i64.const 0x4444444444444444)))
    (local.set $x3 (i64.and (local.get $x) (i64.const 0x8888888888888888)))
    (local.set $y0 (i64.and (local.get $y) (i64.const 0x1111111111111111)))
    (local.set $y1 (i64.and (local.get $y) (i64.const 0x2222222222222222)))
    (local.set $y2 (i64.and (local.get $y) (i64.const 0x4444444444444444)))
    (local.set $y3 (i64.and (local.get $y) (i64.const 0x8888888888888888)))
    (i64.or
      (i64.or
        ;; positions = 0 mod 4: parts whose indexes add up to 0 or 4
        (i64.and
          (i64.xor
            (i64.xor (i64.mul (local.get $x0) (local.get $y0)) (i64.mul (local.get $x1) (local.get $y3)))
            (i64.xor (i64.mul (local.get $x2) (local.get $y2)) (i64.mul (local.get $x3) (local.get $y1))))
          (i64.const 0x1111111111111111))
        ;; positions = 1 mod 4
        (i64.and
          (i64.xor
            (i64.xor (i64.mul (local.get $x0) (local.get $y1)) (i64.mul (local.get $x1) (local.get $y0)))
            (i64.xor (i64.mul (local.get $x2) (local.get $y3)) (i64.mul (local.get $x3) (local.get $y2))))
          (i64.const 0x2222222222222222)))
      (i64.or
        ;; positions = 2 mod 4
        (i64.and
          (i64.xor
            (i64.xor (i64.mul (local.get $x0) (local.get $y2)) (i64.mul (local.get $x1) (local.get $y1)))
            (i64.xor (i64.mul (local.get $x2) (local.get $y0)) (i64.mul (local.get $x3) (local.get $y3))))
          (i64.const 0x4444444444444444))
        ;; positions = 3 mod 4
        (i64.and
          (i64.xor
            (i64.xor (i64.mul (local.get $x0) (local.get $y3)) (i64.mul (local.get $x1) (local.get $y2)))
            (i64.xor (i64.mul (local.get $x2) (local.get $y1)) (i64.mul (local.get $x3) (local.get $y0))))
          (i64.const 0x8888888888888888)))))

  ;; The 64 bits of x in reverse order. Reversal turns the high half of a carry-less product
  ;; into a low half: rev(x) * rev(y) = rev127(x * y), so the high 64 bits of x * y are
  ;; rev64(clmul_lo(rev64 x, rev64 y)) >> 1.
  (func $rev64 (param $x i64) (result i64)
    (local.set $x (i64.or
      (i64.shl (i64.and (local.get $x) (i64.const 0x5555555555555555)) (i64.const 1))
      (i64.and (i64.shr_u (local.get $x) (i64.const 1)) (i64.const 0x5555555555555555))))
    (local.set $x (i64.or
      (i64.shl (i64.and (local.get $x) (i64.const 0x3333333333333333)) (i64.const 2))
      (i64.and (i64.shr_u (local.get $x) (i64.const 2)) (i64.const 0x3333333333333333))))
    (local.set $x (i64.or
      (i64.shl (i64.and (local.get $x) (i64.const 0x0f0f0f0f0f0f0f0f)) (i64.const 4))
      (i64.and (i64.shr_u (local.get $x) (i64.const 4)) (i64.const 0x0f0f0f0f0f0f0f0f))))
    (local.set $x (i64.or
      (i64.shl (i64.and (local.get $x) (i64.const 0x00ff00ff00ff00ff)) (i64.const 8))
      (i64.and (i64.shr_u (local.get $x) (i64.const 8)) (i64.const 0x00ff00ff00ff00ff))))
    (local.set $x (i64.or
      (i64.shl (i64.and (local.get $x) (i64.const 0x0000ffff0000ffff)) (i64.const 16))
      (i64.and (i64.shr_u (local.get $x) (i64.const 16)) (i64.const 0x0000ffff0000ffff))))
    (i64.rotl (local.get $x) (i64.const 32)))

  ;; Absorbs `blocks` 16-byte blocks from offset 32 into the accumulator at offset 16, under
  ;; the key at offset 0: S = dot(S xor X, H) for each block X.
  (func (export "absorb") (param $blocks i32)
    ;; key halves, their XOR (Karatsuba's middle operand), and the reversed three
    (local $h0 i64) (local $h1 i64) (local $h2 i64)
    (local $h0r i64) (local $h1r i64) (local $h2r i64)
    ;; accumulator, the block being multiplied and its reversed halves
    (local $s0 i64) (local $s1 i64) (local $a0 i64) (local $a1 i64)
    (local $a0r i64) (local $a1r i64)
    ;; low halves of the three Karatsuba products, then their reversed (high-half) products
    (local $z0 i64) (local $z1 i64) (local $z2 i64)
    (local $r0 i64) (local $r1 i64) (local $r2 i64)
    ;; the 256-bit product, low word first
    (local $v0 i64) (local $v1 i64) (local $v2 i64) (local $v3 i64)
    (local $at i32) (local $end i32)

    (local.set $h0 (i64.load (i32.const 0)))
    (local.set $h1 (i64.load (i32.const 8)))
    (local.set $h2 (i64.xor (local.get $h0) (local.get $h1)))
    (local.set $h0r (call $rev64 (local.get $h0)))
    (local.set $h1r (call $rev64 (local.get $h1)))
    (local.set $h2r (i64.xor (local.get $h0r) (local.get $h1r)))
    (local.set $s0 (i64.load (i32.const 16)))
    (local.set $s1 (i64.load (i32.const 24)))

    (local.set $at (i32.const 32))
    (local.set $end (i32.add (i32.const 32) (i32.shl (local.get $blocks) (i32.const 4))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
        (local.set $a0 (i64.xor (local.get $s0) (i64.load (local.get $at))))
        (local.set $a1 (i64.xor (local.get $s1) (i64.load offset=8 (local.get $at))))
        (local.set $a0r (call $rev64 (local.get $a0)))
        (local.set $a1r (call $rev64 (local.get $a1)))

        ;; Karatsuba: a0*h0, a1*h1 and (a0^a1)*(h0^h1), low and (reversed) high halves.
        (local.set $z0 (call $clmul_lo (local.get $a0) (local.get $h0)))
        (local.set $z1 (call $clmul_lo (local.get $a1) (local.get $h1)))
        (local.set $z2 (call $clmul_lo (i64.xor (local.get $a0) (local.get $a1)) (local.get $h2)))
        (local.set $r0 (call $clmul_lo (local.get $a0r) (local.get $h0r)))
        (local.set $r1 (call $clmul_lo (local.get $a1r) (local.get $h1r)))
        (local.set $r2 (call $clmul_lo (i64.xor (local.get $a0r) (local.get $a1r)) (local.get $h2r)))
        ;; the middle product minus the outer two (XOR: reversal and shifts are linear, so
        ;; this can be done before turning r* into high halves)
        (local.set $z2 (i64.xor (local.get $z2) (i64.xor (local.get $z0) (local.get $z1))))
        (local.set $r2 (i64.xor (local.get $r2) (i64.xor (local.get $r0) (local.get $r1))))
        (local.set $r0 (i64.shr_u (call $rev64 (local.get $r0)) (i64.const 1)))
        (local.set $r1 (i64.shr_u (call $rev64 (local.get $r1)) (i64.const 1)))
        (local.set $r2 (i64.shr_u (call $rev64 (local.get $r2)) (i64.const 1)))
        (local.set $v0 (local.get $z0))
        (local.set $v1 (i64.xor (local.get $r0) (local.get $z2)))
        (local.set $v2 (i64.xor (local.get $z1) (local.get $r2)))
        (local.set $v3 (local.get $r1))

        ;; Montgomery reduction, one 64-bit word at a time: adding v0 * P (P = x^128 + x^127
        ;; + x^126 + x^121 + 1) clears word 0 and adds v0 shifted by 121, 126, 127 and 128
        ;; bits; the same for word 1. What is left, words 2-3, is v * x^-128 mod P.
        (local.set $v2 (i64.xor (local.get $v2) (i64.xor
          (i64.xor (local.get $v0) (i64.shr_u (local.get $v0) (i64.const 1)))
          (i64.xor (i64.shr_u (local.get $v0) (i64.const 2)) (i64.shr_u (local.get $v0) (i64.const 7))))))
        (local.set $v1 (i64.xor (local.get $v1) (i64.xor
          (i64.shl (local.get $v0) (i64.const 63))
          (i64.xor (i64.shl (local.get $v0) (i64.const 62)) (i64.shl (local.get $v0) (i64.const 57))))))
        (local.set $v3 (i64.xor (local.get $v3) (i64.xor
          (i64.xor (local.get $v1) (i64.shr_u (local.get $v1) (i64.const 1)))
          (i64.xor (i64.shr_u (local.get $v1) (i64.const 2)) (i64.shr_u (local.get $v1) (i64.const 7))))))
        (local.set $v2 (i64.xor (local.get $v2) (i64.xor
          (i64.shl (local.get $v1) (i64.const 63))
          (i64.xor (i64.shl (local.get $v1) (i64.const 62)) (i64.shl (local.get $v1) (i64.const 57))))))
        (local.set $s0 (local.get $v2))
        (local.set $s1 (local.get $v3))

        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (br $next)))

    (i64.store (i32.const 16) (local.get $s0))
    (i64.store (i32.const 24) (local.get $s1))))
