// density-clustering ships no type declarations; this covers the part the bench uses.
declare module 'density-clustering' {
  export class DBSCAN {
    run(dataset: number[][], epsilon: number, minPts: number): number[][];
    noise: number[];
  }
}
