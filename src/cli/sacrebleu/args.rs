//! sacreBLEU 2.6.0's command line parsed as its Python `argparse` parser parses it: long
//! options and their unambiguous prefixes, multi-letter single-dash options (`-tok`, `-lc`,
//! `-cw`), a short option glued to its value (`-w2`), `--opt=value`, options taking several
//! values (`-i A B`, `-m bleu chrf`), reference files as the first run of positional arguments,
//! and usage errors (exit code 2) where argparse reports them.

use mteval::tokenize::TOKENIZER_NAMES;

/// How many values an option takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Arity {
    /// A switch (`store_true`).
    Flag,
    /// Exactly one value.
    One,
    /// Zero or more values (`nargs='*'`).
    Any,
    /// One or more values (`nargs='+'`).
    Some,
}

/// One option of sacreBLEU's parser: its destination, option strings, arity and allowed values.
struct OptionSpec {
    dest: &'static str,
    strings: &'static [&'static str],
    arity: Arity,
    choices: &'static [&'static str],
}

const fn spec(
    dest: &'static str,
    strings: &'static [&'static str],
    arity: Arity,
    choices: &'static [&'static str],
) -> OptionSpec {
    OptionSpec {
        dest,
        strings,
        arity,
        choices,
    }
}

/// Every option of sacreBLEU 2.6.0's parser, in its order.
const OPTIONS: &[OptionSpec] = &[
    spec("help", &["-h", "--help"], Arity::Flag, &[]),
    spec("citation", &["--citation", "--cite"], Arity::Flag, &[]),
    spec("list", &["--list"], Arity::Flag, &[]),
    spec("test_set", &["--test-set", "-t"], Arity::One, &[]),
    spec("langpair", &["--language-pair", "-l"], Arity::One, &[]),
    spec("origlang", &["--origlang", "-ol"], Arity::One, &[]),
    spec("subset", &["--subset"], Arity::One, &[]),
    spec("download", &["--download"], Arity::One, &[]),
    spec("echo", &["--echo"], Arity::Some, &[]),
    spec("input", &["--input", "-i"], Arity::Any, &[]),
    spec("num_refs", &["--num-refs", "-nr"], Arity::One, &[]),
    spec("encoding", &["--encoding", "-e"], Arity::One, &[]),
    spec(
        "metrics",
        &["--metrics", "-m"],
        Arity::Some,
        &["bleu", "chrf", "ter"],
    ),
    spec(
        "sentence_level",
        &["--sentence-level", "-sl"],
        Arity::Flag,
        &[],
    ),
    spec(
        "smooth_method",
        &["--smooth-method", "-s"],
        Arity::One,
        &["none", "floor", "add-k", "exp"],
    ),
    spec("smooth_value", &["--smooth-value", "-sv"], Arity::One, &[]),
    spec(
        "tokenize",
        &["--tokenize", "-tok"],
        Arity::One,
        TOKENIZER_NAMES,
    ),
    spec("lowercase", &["--lowercase", "-lc"], Arity::Flag, &[]),
    spec("force", &["--force"], Arity::Flag, &[]),
    spec(
        "chrf_char_order",
        &["--chrf-char-order", "-cc"],
        Arity::One,
        &[],
    ),
    spec(
        "chrf_word_order",
        &["--chrf-word-order", "-cw"],
        Arity::One,
        &[],
    ),
    spec("chrf_beta", &["--chrf-beta"], Arity::One, &[]),
    spec("chrf_whitespace", &["--chrf-whitespace"], Arity::Flag, &[]),
    spec("chrf_lowercase", &["--chrf-lowercase"], Arity::Flag, &[]),
    spec(
        "chrf_eps_smoothing",
        &["--chrf-eps-smoothing"],
        Arity::Flag,
        &[],
    ),
    spec(
        "ter_case_sensitive",
        &["--ter-case-sensitive"],
        Arity::Flag,
        &[],
    ),
    spec(
        "ter_asian_support",
        &["--ter-asian-support"],
        Arity::Flag,
        &[],
    ),
    spec("ter_no_punct", &["--ter-no-punct"], Arity::Flag, &[]),
    spec("ter_normalized", &["--ter-normalized"], Arity::Flag, &[]),
    spec("confidence", &["--confidence", "-ci"], Arity::Flag, &[]),
    spec("confidence_n", &["--confidence-n", "-cin"], Arity::One, &[]),
    spec("paired_ar", &["--paired-ar", "-par"], Arity::Flag, &[]),
    spec("paired_bs", &["--paired-bs", "-pbs"], Arity::Flag, &[]),
    spec("paired_ar_n", &["--paired-ar-n", "-parn"], Arity::One, &[]),
    spec("paired_bs_n", &["--paired-bs-n", "-pbsn"], Arity::One, &[]),
    spec("paired_jobs", &["--paired-jobs", "-j"], Arity::One, &[]),
    spec("quiet", &["--quiet", "-q"], Arity::Flag, &[]),
    spec("short", &["--short", "-sh"], Arity::Flag, &[]),
    spec("score_only", &["--score-only", "-b"], Arity::Flag, &[]),
    spec("width", &["--width", "-w"], Arity::One, &[]),
    spec("detail", &["--detail", "-d"], Arity::Flag, &[]),
    spec("no_color", &["--no-color", "-nc"], Arity::Flag, &[]),
    spec(
        "format",
        &["--format", "-f"],
        Arity::One,
        &["json", "text", "latex"],
    ),
    spec("version", &["--version", "-V"], Arity::Flag, &[]),
];

/// The parsed command line, with sacreBLEU's defaults.
#[derive(Debug, Clone, PartialEq)]
pub struct SacrebleuArgs {
    pub help: bool,
    pub version: bool,
    pub citation: bool,
    pub list: bool,
    pub test_set: Option<String>,
    pub langpair: Option<String>,
    pub origlang: Option<String>,
    pub subset: Option<String>,
    pub download: Option<String>,
    pub echo: Option<Vec<String>>,
    pub input: Option<Vec<String>>,
    pub refs: Vec<String>,
    pub num_refs: i64,
    pub encoding: String,
    pub metrics: Vec<String>,
    pub sentence_level: bool,
    pub smooth_method: String,
    pub smooth_value: Option<f64>,
    pub tokenize: Option<String>,
    pub lowercase: bool,
    pub force: bool,
    pub chrf_char_order: i64,
    pub chrf_word_order: i64,
    pub chrf_beta: i64,
    pub chrf_whitespace: bool,
    pub chrf_lowercase: bool,
    pub chrf_eps_smoothing: bool,
    pub ter_case_sensitive: bool,
    pub ter_asian_support: bool,
    pub ter_no_punct: bool,
    pub ter_normalized: bool,
    pub confidence: bool,
    pub confidence_n: i64,
    pub paired_ar: bool,
    pub paired_bs: bool,
    pub paired_ar_n: i64,
    pub paired_bs_n: i64,
    pub paired_jobs: i64,
    pub quiet: bool,
    pub short: bool,
    pub score_only: bool,
    pub width: i64,
    pub detail: bool,
    pub no_color: bool,
    pub format: String,
}

impl Default for SacrebleuArgs {
    fn default() -> Self {
        SacrebleuArgs {
            help: false,
            version: false,
            citation: false,
            list: false,
            test_set: None,
            langpair: None,
            origlang: None,
            subset: None,
            download: None,
            echo: None,
            input: None,
            refs: Vec::new(),
            num_refs: 1,
            encoding: "utf-8".to_string(),
            metrics: vec!["bleu".to_string()],
            sentence_level: false,
            smooth_method: "exp".to_string(),
            smooth_value: None,
            tokenize: None,
            lowercase: false,
            force: false,
            chrf_char_order: 6,
            chrf_word_order: 0,
            chrf_beta: 2,
            chrf_whitespace: false,
            chrf_lowercase: false,
            chrf_eps_smoothing: false,
            ter_case_sensitive: false,
            ter_asian_support: false,
            ter_no_punct: false,
            ter_normalized: false,
            confidence: false,
            confidence_n: 1000,
            paired_ar: false,
            paired_bs: false,
            paired_ar_n: 10000,
            paired_bs_n: 1000,
            paired_jobs: 1,
            quiet: false,
            short: false,
            score_only: false,
            width: 1,
            detail: false,
            no_color: false,
            format: "json".to_string(),
        }
    }
}

/// A usage error, reported as argparse reports it (exit code 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageError(pub String);

/// What an argument is: an option (with the value glued to it, if any) or a positional value.
enum Token<'a> {
    Option(&'a OptionSpec, Option<String>),
    Unknown(String),
    Value(String),
}

/// argparse's `_negative_number_matcher`: `-5`, `-.5`, `-1.5` are values, not options.
fn is_negative_number(arg: &str) -> bool {
    let Some(rest) = arg.strip_prefix('-') else {
        return false;
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match rest.split_once('.') {
        None => digits(rest),
        Some((whole, fraction)) => (whole.is_empty() || digits(whole)) && digits(fraction),
    }
}

fn find_exact(option: &str) -> Option<&'static OptionSpec> {
    OPTIONS.iter().find(|spec| spec.strings.contains(&option))
}

/// argparse's `_parse_optional` and `_get_option_tuples` (with abbreviations allowed).
fn classify(arg: &str) -> Result<Token<'static>, UsageError> {
    if !arg.starts_with('-') || arg == "-" {
        return Ok(Token::Value(arg.to_string()));
    }
    if let Some(spec) = find_exact(arg) {
        return Ok(Token::Option(spec, None));
    }
    if let Some((name, value)) = arg.split_once('=') {
        if let Some(spec) = find_exact(name) {
            return Ok(Token::Option(spec, Some(value.to_string())));
        }
    }
    let mut matches: Vec<(&'static OptionSpec, &'static str, Option<String>)> = Vec::new();
    if arg.starts_with("--") {
        let (prefix, value) = match arg.split_once('=') {
            Some((prefix, value)) => (prefix, Some(value.to_string())),
            None => (arg, None),
        };
        for spec in OPTIONS {
            for string in spec.strings.iter().filter(|s| s.starts_with(prefix)) {
                matches.push((spec, string, value.clone()));
            }
        }
    } else {
        let short_prefix = &arg[..arg.char_indices().nth(2).map_or(arg.len(), |(i, _)| i)];
        let glued = &arg[short_prefix.len()..];
        for spec in OPTIONS {
            for string in spec.strings {
                if *string == short_prefix {
                    matches.push((spec, string, Some(glued.to_string())));
                } else if string.starts_with(arg) {
                    matches.push((spec, string, None));
                }
            }
        }
    }
    match matches.len() {
        0 => {}
        1 => {
            let (spec, _, value) = matches.pop().expect("one match");
            return Ok(Token::Option(spec, value));
        }
        _ => {
            let names: Vec<&str> = matches.iter().map(|(_, string, _)| *string).collect();
            return Err(UsageError(format!(
                "ambiguous option: {} could match {}",
                arg.split('=').next().unwrap_or(arg),
                names.join(", ")
            )));
        }
    }
    if is_negative_number(arg) || arg.contains(' ') {
        return Ok(Token::Value(arg.to_string()));
    }
    Ok(Token::Unknown(arg.to_string()))
}

/// Python's `int()` on a command-line value.
fn parse_int(option: &str, value: &str) -> Result<i64, UsageError> {
    value
        .trim()
        .replace('_', "")
        .parse()
        .map_err(|_| UsageError(format!("argument {option}: invalid int value: '{value}'")))
}

/// Python's `float()` on a command-line value.
fn parse_float(option: &str, value: &str) -> Result<f64, UsageError> {
    let trimmed = value.trim().to_ascii_lowercase();
    let parsed = match trimmed.as_str() {
        "inf" | "+inf" | "infinity" | "+infinity" => Ok(f64::INFINITY),
        "-inf" | "-infinity" => Ok(f64::NEG_INFINITY),
        "nan" | "+nan" | "-nan" => Ok(f64::NAN),
        other => other.replace('_', "").parse::<f64>(),
    };
    parsed.map_err(|_| UsageError(format!("argument {option}: invalid float value: '{value}'")))
}

impl SacrebleuArgs {
    /// Parses the arguments after the program name.
    pub fn parse(argv: &[String]) -> Result<SacrebleuArgs, UsageError> {
        let mut tokens = Vec::with_capacity(argv.len());
        let mut rest_are_values = false;
        for arg in argv {
            if rest_are_values {
                tokens.push(Token::Value(arg.clone()));
            } else if arg == "--" {
                rest_are_values = true;
            } else {
                tokens.push(classify(arg)?);
            }
        }
        let mut args = SacrebleuArgs::default();
        let mut refs_taken = false;
        let mut extras: Vec<String> = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            match &tokens[i] {
                Token::Value(_) => {
                    let start = i;
                    while i < tokens.len() && matches!(tokens[i], Token::Value(_)) {
                        i += 1;
                    }
                    let values = tokens[start..i].iter().map(|t| match t {
                        Token::Value(v) => v.clone(),
                        _ => unreachable!("only values in this run"),
                    });
                    if refs_taken {
                        extras.extend(values);
                    } else {
                        args.refs = values.collect();
                        refs_taken = true;
                    }
                }
                Token::Unknown(arg) => {
                    extras.push(arg.clone());
                    i += 1;
                }
                Token::Option(spec, glued) => {
                    let (spec, glued) = (*spec, glued.clone());
                    i += 1;
                    let mut values: Vec<String> = Vec::new();
                    match (spec.arity, glued) {
                        (Arity::Flag, None) => {}
                        (Arity::Flag, Some(glued)) => {
                            // `-qb`: single-dash switches may be combined.
                            args.set_flag(spec.dest);
                            for flag in glued.chars().map(|c| format!("-{c}")) {
                                match find_exact(&flag) {
                                    Some(next) if next.arity == Arity::Flag => {
                                        args.set_flag(next.dest)
                                    }
                                    _ => {
                                        return Err(UsageError(format!(
                                            "argument {}: ignored explicit argument '{glued}'",
                                            spec.strings[0]
                                        )))
                                    }
                                }
                            }
                            continue;
                        }
                        (_, Some(glued)) => values.push(glued),
                        (arity, None) => {
                            while i < tokens.len() {
                                let Token::Value(value) = &tokens[i] else {
                                    break;
                                };
                                if arity == Arity::One && values.len() == 1 {
                                    break;
                                }
                                values.push(value.clone());
                                i += 1;
                            }
                        }
                    }
                    args.apply(spec, values)?;
                }
            }
        }
        if !extras.is_empty() {
            return Err(UsageError(format!(
                "unrecognized arguments: {}",
                extras.join(" ")
            )));
        }
        if args.paired_ar && args.paired_bs {
            return Err(UsageError(
                "argument --paired-bs/-pbs: not allowed with argument --paired-ar/-par".to_string(),
            ));
        }
        Ok(args)
    }

    fn set_flag(&mut self, dest: &str) {
        let flag = match dest {
            "help" => &mut self.help,
            "version" => &mut self.version,
            "citation" => &mut self.citation,
            "list" => &mut self.list,
            "sentence_level" => &mut self.sentence_level,
            "lowercase" => &mut self.lowercase,
            "force" => &mut self.force,
            "chrf_whitespace" => &mut self.chrf_whitespace,
            "chrf_lowercase" => &mut self.chrf_lowercase,
            "chrf_eps_smoothing" => &mut self.chrf_eps_smoothing,
            "ter_case_sensitive" => &mut self.ter_case_sensitive,
            "ter_asian_support" => &mut self.ter_asian_support,
            "ter_no_punct" => &mut self.ter_no_punct,
            "ter_normalized" => &mut self.ter_normalized,
            "confidence" => &mut self.confidence,
            "paired_ar" => &mut self.paired_ar,
            "paired_bs" => &mut self.paired_bs,
            "quiet" => &mut self.quiet,
            "short" => &mut self.short,
            "score_only" => &mut self.score_only,
            "detail" => &mut self.detail,
            "no_color" => &mut self.no_color,
            other => unreachable!("{other} is not a switch"),
        };
        *flag = true;
    }

    /// Stores an option's values, checked as argparse checks them (count, type, choices).
    fn apply(&mut self, spec: &OptionSpec, values: Vec<String>) -> Result<(), UsageError> {
        let name = spec.strings.join("/");
        match spec.arity {
            Arity::Flag => {
                self.set_flag(spec.dest);
                return Ok(());
            }
            Arity::One if values.len() != 1 => {
                return Err(UsageError(format!(
                    "argument {name}: expected one argument"
                )))
            }
            Arity::Some if values.is_empty() => {
                return Err(UsageError(format!(
                    "argument {name}: expected at least one argument"
                )))
            }
            _ => {}
        }
        if !spec.choices.is_empty() {
            if let Some(bad) = values.iter().find(|v| !spec.choices.contains(&v.as_str())) {
                let quoted: Vec<String> = spec.choices.iter().map(|c| format!("'{c}'")).collect();
                return Err(UsageError(format!(
                    "argument {name}: invalid choice: '{bad}' (choose from {})",
                    quoted.join(", ")
                )));
            }
        }
        let one = || values[0].clone();
        match spec.dest {
            "test_set" => self.test_set = Some(one()),
            "langpair" => self.langpair = Some(one()),
            "origlang" => self.origlang = Some(one()),
            "subset" => self.subset = Some(one()),
            "download" => self.download = Some(one()),
            "encoding" => self.encoding = one(),
            "smooth_method" => self.smooth_method = one(),
            "tokenize" => self.tokenize = Some(one()),
            "format" => self.format = one(),
            "echo" => self.echo = Some(values),
            "input" => self.input = Some(values),
            "metrics" => self.metrics = values,
            "smooth_value" => self.smooth_value = Some(parse_float(&name, &values[0])?),
            dest => {
                let value = parse_int(&name, &values[0])?;
                let field = match dest {
                    "num_refs" => &mut self.num_refs,
                    "chrf_char_order" => &mut self.chrf_char_order,
                    "chrf_word_order" => &mut self.chrf_word_order,
                    "chrf_beta" => &mut self.chrf_beta,
                    "confidence_n" => &mut self.confidence_n,
                    "paired_ar_n" => &mut self.paired_ar_n,
                    "paired_bs_n" => &mut self.paired_bs_n,
                    "paired_jobs" => &mut self.paired_jobs,
                    "width" => &mut self.width,
                    other => unreachable!("{other} is not an integer option"),
                };
                *field = value;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(line: &str) -> Result<SacrebleuArgs, UsageError> {
        let argv: Vec<String> = line.split_whitespace().map(String::from).collect();
        SacrebleuArgs::parse(&argv)
    }

    #[test]
    fn parses_like_argparse() {
        let args = parse("ref1 ref2 -i a b -m bleu chrf -tok intl -lc -cw 2 -w2 --short").unwrap();
        assert_eq!(args.refs, vec!["ref1", "ref2"]);
        assert_eq!(args.input, Some(vec!["a".to_string(), "b".to_string()]));
        assert_eq!(args.metrics, vec!["bleu", "chrf"]);
        assert_eq!(args.tokenize.as_deref(), Some("intl"));
        assert!(args.lowercase && args.short);
        assert_eq!((args.chrf_word_order, args.width), (2, 2));
        let args = parse("-w 3 ref --chrf-b=3 -qb").unwrap();
        assert_eq!(args.refs, vec!["ref"]);
        assert_eq!((args.width, args.chrf_beta), (3, 3));
        assert!(args.quiet && args.score_only);
    }

    #[test]
    fn reports_argparse_usage_errors() {
        let error = |line: &str| parse(line).unwrap_err().0;
        assert!(error("ref -to 13a").contains("ambiguous option: -to could match -t, -tok"));
        assert!(error("ref --conf").contains("could match --confidence, --confidence-n"));
        assert!(error("ref -i h -m bleu x").contains("invalid choice: 'x'"));
        assert!(error("ref -w x").contains("invalid int value: 'x'"));
        assert!(error("ref -w 2 extra").contains("unrecognized arguments: extra"));
        assert!(error("ref --paired-bs --paired-ar").contains("not allowed"));
        assert!(error("ref --nope").contains("unrecognized arguments: --nope"));
    }
}
