//! Native CLI: `crimecast reference <kind>`, `crimecast forecast`, `crimecast snapshot`.

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    use std::io::Read;
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut input = String::new();
    // `snapshot` takes its input from the network, not stdin.
    let reads_stdin = args.first().map(String::as_str) != Some("snapshot");
    if let Err(e) = reads_stdin
        .then(|| std::io::stdin().read_to_string(&mut input))
        .transpose()
    {
        eprintln!("error: cannot read stdin: {e}");
        std::process::exit(2);
    }
    match crimecast::cli::run(&args, &input) {
        Ok(out) => println!("{out}"),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}
