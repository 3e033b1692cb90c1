//! COQL's tokens, each with the line and column it starts at (Zoho's SYNTAX_ERROR names them).

#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    /// A field, module or keyword; keywords are matched case-insensitively by the parser.
    Word(String),
    /// `'...'`, with `\'` for a quote inside.
    Str(String),
    Num(String),
    /// `(`, `)`, `,`, `=`, `!=`, `<`, `>`, `<=`, `>=`.
    Sym(&'static str),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub tok: Tok,
    pub line: usize,
    pub column: usize,
}

impl Token {
    /// The token as written, for `near` in errors.
    pub fn text(&self) -> String {
        match &self.tok {
            Tok::Word(w) | Tok::Num(w) => w.clone(),
            Tok::Str(s) => format!("'{s}'"),
            Tok::Sym(s) => (*s).to_string(),
        }
    }

    pub fn is_kw(&self, kw: &str) -> bool {
        matches!(&self.tok, Tok::Word(w) if w.eq_ignore_ascii_case(kw))
    }
}

/// Where lexing stopped: the line, the column and the text there.
#[derive(Debug, Clone, PartialEq)]
pub struct LexError {
    pub line: usize,
    pub column: usize,
    pub near: String,
}

pub fn lex(src: &str) -> Result<Vec<Token>, LexError> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let (mut i, mut line, mut col) = (0usize, 1usize, 1usize);
    while let Some(&c) = chars.get(i) {
        let (start_line, start_col) = (line, col);
        let at = |tok| Token {
            tok,
            line: start_line,
            column: start_col,
        };
        if c == '\n' {
            i += 1;
            line += 1;
            col = 1;
            continue;
        }
        if c.is_whitespace() {
            i += 1;
            col += 1;
            continue;
        }
        if c == '\'' {
            let mut s = String::new();
            let mut j = i + 1;
            loop {
                match chars.get(j) {
                    None => {
                        return Err(LexError {
                            line,
                            column: col,
                            near: chars[i..].iter().collect(),
                        });
                    }
                    Some('\\') if chars.get(j + 1) == Some(&'\'') => {
                        s.push('\'');
                        j += 2;
                    }
                    Some('\'') => break,
                    Some(&ch) => {
                        s.push(ch);
                        j += 1;
                    }
                }
            }
            col += j + 1 - i;
            i = j + 1;
            out.push(at(Tok::Str(s)));
            continue;
        }
        let two: String = chars[i..chars.len().min(i + 2)].iter().collect();
        if let Some(sym) = ["!=", "<=", ">="].into_iter().find(|s| *s == two) {
            out.push(at(Tok::Sym(sym)));
            i += 2;
            col += 2;
            continue;
        }
        if let Some(sym) = ["(", ")", ",", "=", "<", ">"]
            .into_iter()
            .find(|s| s.starts_with(c))
        {
            out.push(at(Tok::Sym(sym)));
            i += 1;
            col += 1;
            continue;
        }
        let word_char = |ch: char| ch.is_alphanumeric() || matches!(ch, '_' | '.' | '$');
        if c.is_ascii_digit() || (c == '-' && chars.get(i + 1).is_some_and(char::is_ascii_digit)) {
            let mut j = i + 1;
            while chars
                .get(j)
                .is_some_and(|ch| ch.is_ascii_digit() || *ch == '.')
            {
                j += 1;
            }
            out.push(at(Tok::Num(chars[i..j].iter().collect())));
            col += j - i;
            i = j;
            continue;
        }
        if c.is_alphabetic() || c == '_' || c == '$' {
            let mut j = i + 1;
            while chars.get(j).is_some_and(|ch| word_char(*ch)) {
                j += 1;
            }
            out.push(at(Tok::Word(chars[i..j].iter().collect())));
            col += j - i;
            i = j;
            continue;
        }
        return Err(LexError {
            line,
            column: col,
            near: c.to_string(),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_carry_their_place() {
        let t = lex("select Last_Name\nfrom Leads where Amount >= 10.5 and Name != 'O\\'Neil'")
            .unwrap();
        assert_eq!(t[0].tok, Tok::Word("select".into()));
        assert_eq!((t[2].line, t[2].column), (2, 1));
        assert!(t.iter().any(|x| x.tok == Tok::Sym(">=")));
        assert!(t.iter().any(|x| x.tok == Tok::Num("10.5".into())));
        assert_eq!(t.last().unwrap().tok, Tok::Str("O'Neil".into()));
        assert!(lex("select a from b where c = 'x").is_err());
        assert!(lex("select a from b where c ~ 1").is_err());
    }
}
