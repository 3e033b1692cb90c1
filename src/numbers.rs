//! Numbers as people read them: `1,000,000`, not `1000000`. One grouping for counts (CLI
//! messages, credits) and amounts (record values).

/// 1000000 -> "1,000,000".
pub fn thousands(n: u64) -> String {
    group_digits(&n.to_string())
}

/// A run of digits with a comma every three from the right: "1234567" -> "1,234,567".
pub fn group_digits(digits: &str) -> String {
    let n = digits.chars().count();
    let mut out = String::with_capacity(digits.len() + n / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (n - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
